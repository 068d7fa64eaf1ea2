import { describe, expect, it } from "vitest";
import { buildServerEnvironment, DEFAULT_INHERITED_ENV_VARS, getDefaultEnvironment } from "./environment.js";

describe("getDefaultEnvironment", () => {
  it("keeps only the minimal set of variables", () => {
    const env = getDefaultEnvironment({
      HOME: "/home/u",
      PATH: "/bin",
      USER: "u",
      AWS_SECRET_ACCESS_KEY: "secret",
      DATABASE_URL: "postgres://x",
    });
    expect(env).toEqual({ HOME: "/home/u", PATH: "/bin", USER: "u" });
  });

  it("skips exported shell functions and unset variables", () => {
    const env = getDefaultEnvironment({ HOME: "() { :; }; echo pwned", PATH: "/bin", SHELL: undefined });
    expect(env).toEqual({ PATH: "/bin" });
  });

  it("reads process.env by default", () => {
    const env = getDefaultEnvironment();
    for (const key of Object.keys(env)) expect(DEFAULT_INHERITED_ENV_VARS).toContain(key);
    expect(env["PATH"]).toBe(process.env["PATH"]);
  });
});

describe("buildServerEnvironment", () => {
  it("lets configured variables override inherited ones", () => {
    const env = buildServerEnvironment({ PATH: "/custom", TOKEN: "t" }, { PATH: "/bin", HOME: "/h", X: "y" });
    expect(env).toEqual({ PATH: "/custom", HOME: "/h", TOKEN: "t" });
  });
});
