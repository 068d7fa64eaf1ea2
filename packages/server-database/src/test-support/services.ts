// Which real database servers the tests may use. Unset URL: the suite is skipped with a reason,
// unless MCP_REQUIRE_SERVICES=1 (CI), where a missing server is a failure.
export interface ServiceUrl {
  url: string | undefined;
  skipReason: string;
}

export function serviceUrl(kind: "postgres" | "mysql"): ServiceUrl {
  const variable = kind === "postgres" ? "TEST_POSTGRES_URL" : "TEST_MYSQL_URL";
  const url = process.env[variable] || undefined;
  if (!url && process.env.MCP_REQUIRE_SERVICES === "1") {
    throw new Error(`${variable} is not set but MCP_REQUIRE_SERVICES=1: the ${kind} tests must run`);
  }
  return { url, skipReason: `${variable} is not set: the ${kind} tests need a real server` };
}
