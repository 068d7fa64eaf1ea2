/**
 * The JSON-RPC peer (owned by the client engineer): re-exported one by one from the package root.
 */
export type { NotificationHandler, RequestHandler } from "./json-rpc-peer.js";
export { JsonRpcPeer } from "./json-rpc-peer.js";
export type { JsonRpcPeerOptions, Progress, RequestContext, RequestOptions } from "./types.js";
