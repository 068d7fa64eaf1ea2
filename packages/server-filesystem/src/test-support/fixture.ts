import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  realpath,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { FsContext } from "../context.js";
import { DEFAULT_LIMITS, type FsLimits } from "../limits.js";
import { Sandbox } from "../sandbox.js";

/**
 * A hostile fixture tree in a fresh temp directory:
 *
 *   base/allow/              the allowed root
 *     a.txt, sub/b.md, sub/deep/c.txt, empty/
 *     link-in       -> a.txt                 (inside)
 *     dir-link-in   -> sub                   (inside)
 *     link-out      -> ../outside/secret.txt (outside)
 *     dir-link-out  -> ../outside
 *     dangling-out  -> ../outside/new.txt    (outside, missing)
 *     dangling-in   -> missing.txt           (inside, missing)
 *     loop-a -> loop-b, loop-b -> loop-a, self -> .
 *     prefix-link   -> ../allow_secret
 *   base/allow_secret/secret.txt            (prefix sibling)
 *   base/outside/secret.txt, base/outside/dir/x.txt
 *   base/root-link -> allow                  (a root given through a symlink)
 */
export interface Fixture {
  base: string;
  allow: string;
  outside: string;
  secret: string;
  rootLink: string;
  context: (limits?: Partial<FsLimits>) => FsContext;
  /** Every path outside `allow` with its content or link target, to compare before and after. */
  snapshotOutside: () => Promise<Record<string, string>>;
  cleanup: () => Promise<void>;
}

async function put(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

async function snapshot(directory: string, into: Record<string, string>): Promise<void> {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isSymbolicLink()) into[path] = `-> ${await readlink(path)}`;
    else if (entry.isDirectory()) {
      into[path] = "<dir>";
      await snapshot(path, into);
    } else into[path] = await readFile(path, "utf8");
  }
}

/** Builds the fixture; call `cleanup` in `afterEach`. */
export async function makeFixture(): Promise<Fixture> {
  const base = await realpath(await mkdtemp(join(tmpdir(), "mcp-fs-test-")));
  const allow = join(base, "allow");
  const outside = join(base, "outside");
  const secret = join(base, "allow_secret");
  await put(join(allow, "a.txt"), "hello\nworld\n");
  await put(join(allow, "sub", "b.md"), "# title\nbody\n");
  await put(join(allow, "sub", "deep", "c.txt"), "deep file\n");
  await mkdir(join(allow, "empty"));
  await put(join(secret, "secret.txt"), "PREFIX SECRET\n");
  await put(join(outside, "secret.txt"), "OUTSIDE SECRET\n");
  await put(join(outside, "dir", "x.txt"), "outside x\n");
  await symlink("a.txt", join(allow, "link-in"));
  await symlink("sub", join(allow, "dir-link-in"));
  await symlink("../outside/secret.txt", join(allow, "link-out"));
  await symlink("../outside", join(allow, "dir-link-out"));
  await symlink("../outside/new.txt", join(allow, "dangling-out"));
  await symlink("missing.txt", join(allow, "dangling-in"));
  await symlink("loop-b", join(allow, "loop-a"));
  await symlink("loop-a", join(allow, "loop-b"));
  await symlink(".", join(allow, "self"));
  await symlink("../allow_secret", join(allow, "prefix-link"));
  const rootLink = join(base, "root-link");
  await symlink("allow", rootLink);
  const sandbox = new Sandbox([allow]);
  return {
    base,
    allow,
    outside,
    secret,
    rootLink,
    context: (limits) => ({ sandbox, limits: { ...DEFAULT_LIMITS, ...limits } }),
    snapshotOutside: async () => {
      const into: Record<string, string> = {};
      await snapshot(outside, into);
      await snapshot(secret, into);
      for (const entry of await readdir(base)) {
        if (entry !== "allow") into[join(base, entry)] ??= "<entry>";
      }
      return into;
    },
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}
