// kube-scheduler: framework/interface.go Code / Status. Reason strings are kept byte for byte.

/** A plugin's verdict. */
export type Code = "Success" | "Unschedulable" | "UnschedulableAndUnresolvable" | "Error" | "Skip";

/** One resource a node lacked (NodeResourcesFit), as upstream's InsufficientResource. */
export interface InsufficientResource {
  readonly resourceName: string;
  readonly reason: string;
  readonly requested: number;
  readonly used: number;
  readonly capacity: number;
  readonly unresolvable: boolean;
}

/** A status with the reasons in upstream wording and the plugin that produced it. */
export interface Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** The plugin that returned this status ("" for success). */
  readonly plugin: string;
  /** NodeResourcesFit only: the per-resource failures, in upstream order. */
  readonly insufficientResources?: readonly InsufficientResource[];
}

const NO_REASONS: readonly string[] = Object.freeze([]);

/** The shared success status (no allocation on the hot path). */
export const SUCCESS: Status = Object.freeze({ code: "Success", reasons: NO_REASONS, plugin: "" });

/** The shared skip status. */
export const SKIP: Status = Object.freeze({ code: "Skip", reasons: NO_REASONS, plugin: "" });

export function unschedulable(plugin: string, ...reasons: string[]): Status {
  return { code: "Unschedulable", reasons, plugin };
}

export function unresolvable(plugin: string, ...reasons: string[]): Status {
  return { code: "UnschedulableAndUnresolvable", reasons, plugin };
}

export function errorStatus(plugin: string, message: string): Status {
  return { code: "Error", reasons: [message], plugin };
}

export function isRejection(s: Status): boolean {
  return s.code === "Unschedulable" || s.code === "UnschedulableAndUnresolvable";
}

/** Status.Message(): the reasons joined with ", " (framework/interface.go). */
export function statusMessage(s: Status): string {
  return s.reasons.join(", ");
}

/**
 * Thrown by a plugin's score/normalize step to abort the cycle with an Error status
 * (upstream returns a non-success *Status from Score, which aborts scheduling of the pod).
 */
export class PluginStatusError extends Error {
  override readonly name = "PluginStatusError";
  constructor(readonly status: Status) {
    super(`${status.plugin}: ${statusMessage(status)}`);
  }
}
