/**
 * Public API of @mcp/client. Not built yet: issue #4 fills it.
 */

/** The package's version, kept in step with package.json by the build. */
export const VERSION = "0.0.0";
