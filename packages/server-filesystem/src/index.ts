/**
 * Public API of @mcp/server-filesystem. Not built yet: issue #5 fills it.
 */

/** The package's version, kept in step with package.json by the build. */
export const VERSION = "0.0.0";
