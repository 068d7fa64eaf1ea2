/**
 * Public API of @mcp/protocol. Not built yet: issue #2 fills it.
 */

/** The package's version, kept in step with package.json by the build. */
export const VERSION = "0.0.0";
