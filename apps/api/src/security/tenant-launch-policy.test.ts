import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LaunchPolicyError } from "./launch-policy.js";
import { assertTenantLaunchAllowed, tenantRootOf } from "./tenant-launch-policy.js";

const base = mkdtempSync(join(tmpdir(), "tenant-policy-"));
const root = tenantRootOf(base, "t1");
mkdirSync(join(root, "reports"), { recursive: true });
mkdirSync(join(base, "tenants", "t1_secret"), { recursive: true });
symlinkSync("/etc", join(root, "escape"));
const scope = { tenantRoot: root, allowPrivateNetwork: false };

afterAll(() => rmSync(base, { recursive: true, force: true }));

function fieldOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    if (error instanceof LaunchPolicyError) return error.field;
    throw error;
  }
  return "(allowed)";
}

describe("assertTenantLaunchAllowed", () => {
  it("allows paths inside the tenant's directory, relative or absolute, and plain values", () => {
    expect(
      fieldOf(() =>
        assertTenantLaunchAllowed({ args: ["reports", join(root, "reports"), "--read-only"] }, scope),
      ),
    ).toBe("(allowed)");
    expect(
      fieldOf(() =>
        assertTenantLaunchAllowed({ args: ["--max-file-size=1000"], env: { TOKEN: "abc" } }, scope),
      ),
    ).toBe("(allowed)");
    expect(
      fieldOf(() =>
        assertTenantLaunchAllowed({ args: [`sqlite:${join(root, "data.db")}`, "pglite:memory"] }, scope),
      ),
    ).toBe("(allowed)");
    expect(
      fieldOf(() => assertTenantLaunchAllowed({ args: ["postgres://reader@db.example.com/app"] }, scope)),
    ).toBe("(allowed)");
  });

  it.each([
    [["/etc"], "args[0]"],
    [["/"], "args[0]"],
    [["../t1_secret"], "args[0]"],
    [[join(base, "tenants", "t1_secret")], "args[0]"],
    [["escape"], "args[0]"],
    [["reports", "sqlite:/var/lib/platform.db"], "args[1]"],
    [["file:///etc/passwd"], "args[0]"],
    [["pglite:/srv/other"], "args[0]"],
    [["postgres://postgres@127.0.0.1:5432/test"], "args[0]"],
    [["mysql://root@localhost/test"], "args[0]"],
    [["--transport", "http"], "args[0]"],
    [["--port=8080"], "args[0]"],
    [["--root=/etc"], "args[0]"],
  ])("refuses %j", (args, field) => {
    expect(fieldOf(() => assertTenantLaunchAllowed({ args }, scope))).toBe(field);
  });

  it("refuses environment values that leave the scope, and a working directory", () => {
    expect(
      fieldOf(() => assertTenantLaunchAllowed({ env: { DATABASE_URL: "sqlite:/etc/shadow" } }, scope)),
    ).toBe("env.DATABASE_URL");
    expect(fieldOf(() => assertTenantLaunchAllowed({ cwd: "/tmp" }, scope))).toBe("cwd");
  });

  it("lets the operator allow private hosts", () => {
    const open = { ...scope, allowPrivateNetwork: true };
    expect(
      fieldOf(() => assertTenantLaunchAllowed({ args: ["postgres://postgres@127.0.0.1/test"] }, open)),
    ).toBe("(allowed)");
  });
});
