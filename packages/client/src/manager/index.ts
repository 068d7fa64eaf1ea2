/**
 * Public API of this subpath. Not built yet.
 */
export {};
