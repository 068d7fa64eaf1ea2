import { describe, expect, it } from "vitest";
import {
  allowedCommandsFromEnv,
  assertEnvEntryAllowed,
  assertLaunchAllowed,
  BUNDLED_SERVER_COMMANDS,
  LaunchPolicyError,
} from "./launch-policy.js";

function refusal(run: () => void): LaunchPolicyError {
  try {
    run();
  } catch (error) {
    if (error instanceof LaunchPolicyError) return error;
    throw error;
  }
  throw new Error("expected a LaunchPolicyError");
}

describe("assertLaunchAllowed", () => {
  it("allows a bundled server with plain arguments and ordinary variables", () => {
    expect(() =>
      assertLaunchAllowed(
        { command: "mcp-server-filesystem", args: ["/srv/data", "--read-only"], env: { LOG_LEVEL: "info" } },
        BUNDLED_SERVER_COMMANDS,
      ),
    ).not.toThrow();
  });

  it("refuses a command outside the allow list and names the list", () => {
    const error = refusal(() => assertLaunchAllowed({ command: "/bin/sh" }, BUNDLED_SERVER_COMMANDS));
    expect(error.field).toBe("command");
    expect(error.reason).toContain("mcp-server-calculator");
  });

  it("refuses near-misses of an allowed command", () => {
    for (const command of [
      " mcp-server-calculator",
      "mcp-server-calculator ",
      "./mcp-server-calculator",
      "",
    ]) {
      expect(refusal(() => assertLaunchAllowed({ command }, BUNDLED_SERVER_COMMANDS)).field).toBe("command");
    }
  });

  it.each([
    ["node", ["-e", "require('child_process').exec('id')"], "args[0]"],
    ["node", ["--eval=1"], "args[0]"],
    ["node", ["-pe", "1"], "args[0]"],
    ["node", ["server.js", "--require", "x"], "args[1]"],
    ["node", ["--import=data:text/javascript,1"], "args[0]"],
    ["/usr/bin/node", ["-e", "1"], "args[0]"],
    ["python3", ["-c", "import os"], "args[0]"],
    ["bash", ["-c", "id"], "args[0]"],
    ["perl", ["-eprint 1"], "args[0]"],
    ["tsx", ["--eval", "1"], "args[0]"],
  ])("refuses %s %j: an interpreter turned evaluator", (command, args, field) => {
    expect(refusal(() => assertLaunchAllowed({ command, args }, [command])).field).toBe(field);
  });

  it("lets an allowed interpreter run a script with ordinary flags", () => {
    expect(() =>
      assertLaunchAllowed({ command: "node", args: ["--enable-source-maps", "server.js"] }, ["node"]),
    ).not.toThrow();
    expect(() =>
      assertLaunchAllowed({ command: "python3", args: ["-u", "-m", "my_server"] }, ["python3"]),
    ).not.toThrow();
  });

  it("does not treat the evaluating flags of interpreters as special for other commands", () => {
    expect(() =>
      assertLaunchAllowed({ command: "mcp-server-database", args: ["-e", "x"] }, BUNDLED_SERVER_COMMANDS),
    ).not.toThrow();
  });

  it("refuses null bytes, huge arguments and too many arguments", () => {
    const allowed = ["mcp-server-calculator"];
    expect(
      refusal(() => assertLaunchAllowed({ command: "mcp-server-calculator", args: ["a\0b"] }, allowed)).field,
    ).toBe("args[0]");
    expect(
      refusal(() =>
        assertLaunchAllowed({ command: "mcp-server-calculator", args: ["x".repeat(5000)] }, allowed),
      ).field,
    ).toBe("args[0]");
    expect(
      refusal(() =>
        assertLaunchAllowed({ command: "mcp-server-calculator", args: Array(65).fill("a") }, allowed),
      ).field,
    ).toBe("args");
  });

  it("refuses a relative working directory", () => {
    const error = refusal(() =>
      assertLaunchAllowed({ command: "mcp-server-calculator", cwd: "../etc" }, BUNDLED_SERVER_COMMANDS),
    );
    expect(error.field).toBe("cwd");
  });
});

describe("assertEnvEntryAllowed", () => {
  it.each([
    "NODE_OPTIONS",
    "node_options",
    "LD_PRELOAD",
    "LD_ANYTHING",
    "DYLD_INSERT_LIBRARIES",
    "PATH",
    "Path",
    "PYTHONPATH",
    "BASH_ENV",
    "NPM_CONFIG_SCRIPT_SHELL",
  ])("refuses %s", (key) => {
    expect(refusal(() => assertEnvEntryAllowed(key, "x")).field).toBe(`env.${key}`);
  });

  it("refuses invalid names and null bytes in values", () => {
    expect(refusal(() => assertEnvEntryAllowed("A=B", "x")).reason).toContain("not a valid");
    expect(refusal(() => assertEnvEntryAllowed("1ABC", "x")).reason).toContain("not a valid");
    expect(refusal(() => assertEnvEntryAllowed("TOKEN", "a\0b")).reason).toContain("null byte");
  });

  it("allows ordinary configuration", () => {
    expect(() => assertEnvEntryAllowed("DATABASE_URL", "postgres://x")).not.toThrow();
    expect(() => assertEnvEntryAllowed("API_TOKEN", "secret")).not.toThrow();
  });
});

describe("allowedCommandsFromEnv", () => {
  it("defaults to the bundled servers", () => {
    expect(allowedCommandsFromEnv({})).toEqual(BUNDLED_SERVER_COMMANDS);
  });

  it("reads a comma-separated list and drops empty entries", () => {
    expect(allowedCommandsFromEnv({ MCP_ALLOWED_COMMANDS: " uvx, mcp-server-calculator,," })).toEqual([
      "uvx",
      "mcp-server-calculator",
    ]);
  });

  it("an empty variable allows nothing", () => {
    expect(allowedCommandsFromEnv({ MCP_ALLOWED_COMMANDS: "" })).toEqual([]);
  });
});
