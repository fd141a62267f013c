// kube-scheduler: framework/types.go FitError.Error() (docs/scheduler.md §7) and schedule_one.go truncateMessage.
import type { Status } from "./status.js";

/** The inputs of FitError.Error(). */
export interface FitErrorInput {
  /** Nodes in the snapshot, including those a PreFilterResult left out. */
  readonly numAllNodes: number;
  /** PreFilter rejection message ("" when PreFilter passed). */
  readonly preFilterMsg: string;
  /** The explicitly recorded per-node statuses (nodes that were filtered and failed). */
  readonly nodeStatuses: Iterable<Status>;
  /** Status of nodes without an explicit one (PreFilterResult exclusions); null when none. */
  readonly absentNodesStatus: Status | null;
  /** PostFilter message ("" when none). */
  readonly postFilterMsg: string;
}

/** Go sort.Strings: bytewise lexicographic order of UTF-8 strings. */
function goStringCompare(a: string, b: string): number {
  // For strings of BMP characters outside the surrogate range, UTF-16 code unit order equals UTF-8 byte order;
  // fall back to explicit byte comparison otherwise.
  if (!/[\ud800-\udfff]/.test(a + b)) return a < b ? -1 : a > b ? 1 : 0;
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  const n = Math.min(ea.length, eb.length);
  for (let i = 0; i < n; i++) if (ea[i] !== eb[i]) return ea[i]! - eb[i]!;
  return ea.length - eb.length;
}

/** One line of the reason histogram: how many nodes reported `reason`. */
export interface ReasonCount {
  readonly reason: string;
  readonly nodes: number;
}

/** The reason histogram of FitError.Error(), in its printed order (Go sort.Strings of "<count> <reason>"). */
export function fitErrorHistogram(input: Omit<FitErrorInput, "preFilterMsg" | "postFilterMsg">): ReasonCount[] {
  const counts = new Map<string, number>();
  let explicit = 0;
  for (const s of input.nodeStatuses) {
    explicit++;
    for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  const absent = input.numAllNodes - explicit;
  if (absent > 0 && input.absentNodesStatus !== null) {
    for (const r of input.absentNodesStatus.reasons) counts.set(r, (counts.get(r) ?? 0) + absent);
  }
  return [...counts]
    .map(([reason, nodes]) => ({ reason, nodes, key: `${nodes} ${reason}` }))
    .sort((a, b) => goStringCompare(a.key, b.key))
    .map(({ reason, nodes }) => ({ reason, nodes }));
}

/** The FailedScheduling message: `0/N nodes are available: <histogram>.` plus the PostFilter message. */
export function fitErrorMessage(input: FitErrorInput): string {
  let msg = `0/${input.numAllNodes} nodes are available:`;
  if (input.preFilterMsg !== "") {
    msg += ` ${input.preFilterMsg}.`;
  } else {
    const items = fitErrorHistogram(input).map((c) => `${c.nodes} ${c.reason}`);
    if (items.length > 0) msg += ` ${items.join(", ")}.`;
  }
  if (input.postFilterMsg !== "") msg += ` ${input.postFilterMsg}`;
  return msg;
}

/** validation.NoteLengthLimit: events carry at most this many bytes of message. */
const NOTE_LENGTH_LIMIT = 1024;

/** truncateMessage: the event copy of a message, cut to 1024 bytes ending in " ...". */
export function truncateEventMessage(message: string): string {
  const bytes = new TextEncoder().encode(message);
  if (bytes.length <= NOTE_LENGTH_LIMIT) return message;
  const suffix = " ...";
  // Go slices the string by bytes; a cut inside a UTF-8 sequence is kept as Go would print it (invalid bytes decoded as U+FFFD).
  return new TextDecoder().decode(bytes.slice(0, NOTE_LENGTH_LIMIT - suffix.length)) + suffix;
}
