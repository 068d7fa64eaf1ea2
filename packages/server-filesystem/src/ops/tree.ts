import type { FsContext } from "../context.js";
import { compileAny } from "../globs.js";
import { type EntryKind, walk } from "../walk.js";

/** A node of {@link directoryTree}: directories always carry `children` (maybe empty). */
export interface TreeNode {
  name: string;
  type: EntryKind;
  children?: TreeNode[];
}

/** A directory tree, cut at `maxEntries` nodes. */
export interface TreeResult {
  path: string;
  tree: TreeNode[];
  entries: number;
  truncated: boolean;
}

/**
 * Builds the tree of everything under `path` (name order), leaving out `excludePatterns` and their
 * subtrees. Iterative and bounded: at most `maxEntries` nodes and `maxDepth` levels; symlinks
 * appear as `symlink` leaves and are never entered.
 *
 * @example
 * ```ts
 * const { tree } = await directoryTree(context, { path: "/srv/data", excludePatterns: [".git"] });
 * ```
 */
export async function directoryTree(
  context: FsContext,
  args: { path: unknown; excludePatterns?: readonly string[] },
): Promise<TreeResult> {
  const { limits } = context;
  const directory = await context.sandbox.resolveDirectory(args.path);
  const excluded = compileAny(args.excludePatterns);
  const tree: TreeNode[] = [];
  const childrenOf = new Map<string, TreeNode[]>([["", tree]]);
  let entries = 0;
  let cut = false;
  const summary = await walk(
    directory.real,
    { maxVisited: limits.maxWalkEntries, maxDepth: limits.maxDepth, context: undefined },
    (entry) => {
      if (excluded(entry.relative, entry.name)) return "skip";
      if (entries >= limits.maxEntries) {
        cut = true;
        return "stop";
      }
      entries++;
      const node: TreeNode = { name: entry.name, type: entry.kind };
      if (entry.kind === "directory") {
        node.children = [];
        childrenOf.set(entry.relative, node.children);
      }
      const slash = entry.relative.lastIndexOf("/");
      childrenOf.get(slash === -1 ? "" : entry.relative.slice(0, slash))!.push(node);
      return undefined;
    },
  );
  return { path: directory.path, tree, entries, truncated: cut || summary.truncated };
}
