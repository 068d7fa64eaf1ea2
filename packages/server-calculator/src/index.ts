/**
 * Public API of @mcp/server-calculator. Not built yet: issue #3 fills it.
 */

/** The package's version, kept in step with package.json by the build. */
export const VERSION = "0.0.0";
