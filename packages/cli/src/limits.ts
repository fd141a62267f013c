// The command's limits on its inputs (README "Limits"); each is named, with its value, in the error that
// enforces it. The library's own limits (List nesting, WebAssembly memory) are in its packages.

/** Bytes of one input file: the longest string Node can decode (V8's 2^29 − 24 characters). */
export const MAX_FILE_BYTES = 2 ** 29 - 24;

/** Nesting depth of a parsed document (a Pod is about 12 deep; deeper input would overflow the stack). */
export const MAX_DOCUMENT_DEPTH = 1000;

/** YAML alias expansions per document (the yaml package's resource-exhaustion guard, "billion laughs"). */
export const MAX_YAML_ALIASES = 100;

/** Pods one --pod workload expands to: the library's limit (core limits.ts), applied to --replicas too. */
export { MAX_PODS_PER_WORKLOAD as MAX_REPLICAS } from "@schedkit/core";
