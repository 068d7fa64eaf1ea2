/**
 * What other workspace packages (benchmarks, tests) may use of the API app: composing the
 * platform and its pieces. The app is private; this is not a published interface.
 */
export { type AppDeps, createApp } from "./app.js";
export { type ApiConfig, loadConfig } from "./config.js";
export { BUNDLED_SERVERS, type ResolvedCommand, resolveBundledCommand } from "./execution/bundled-servers.js";
export { type Platform, startPlatform } from "./platform.js";
export { allowedCommandsFromEnv, BUNDLED_SERVER_COMMANDS } from "./security/launch-policy.js";
