// --config: the parts of a KubeSchedulerConfiguration schedkit reads (a profile and the top-level
// percentageOfNodesToScore).
import { SchedkitError } from "@schedkit/core";
import { CliError } from "./errors.js";
import type { SourceDoc } from "./input.js";

/** The profile chosen from a KubeSchedulerConfiguration and where it came from. */
export interface SchedulerConfig {
  readonly label: string;
  /** The profile (undefined: the config has no profiles, so the default profile applies). */
  readonly profile: unknown;
  /** `profiles[i]`, to name fields of the profile in error messages. */
  readonly profilePath: string;
  readonly percentageOfNodesToScore: number | undefined;
}

/**
 * Picks `profiles[0]`, or the profile whose schedulerName is `schedulerName` (a profile without one is
 * "default-scheduler", as upstream defaults it).
 */
export function schedulerConfig(docs: readonly SourceDoc[], file: string, schedulerName: string | undefined): SchedulerConfig {
  if (docs.length !== 1) throw new CliError(`${file}: expected one KubeSchedulerConfiguration document, found ${docs.length}`);
  const { value, label } = docs[0]!;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SchedkitError(label, value, "is not a KubeSchedulerConfiguration");
  const cfg = value as Record<string, unknown>;
  const kind = cfg["kind"];
  if (kind !== undefined && kind !== "KubeSchedulerConfiguration") {
    throw new SchedkitError(`${label}: kind`, kind, "is not KubeSchedulerConfiguration");
  }
  const pct = cfg["percentageOfNodesToScore"];
  if (pct !== undefined && pct !== null && typeof pct !== "number") {
    throw new SchedkitError(`${label}: percentageOfNodesToScore`, pct, "is not a percentage (an integer 0..100)");
  }
  const profiles = cfg["profiles"] ?? [];
  if (!Array.isArray(profiles)) throw new SchedkitError(`${label}: profiles`, profiles, "is not a list of profiles");
  const percentageOfNodesToScore = typeof pct === "number" ? pct : undefined;
  if (profiles.length === 0) {
    if (schedulerName !== undefined && schedulerName !== "default-scheduler") {
      throw new CliError(`${label}: has no profiles, so no profile is named ${JSON.stringify(schedulerName)}`);
    }
    return { label, profile: undefined, profilePath: "profiles", percentageOfNodesToScore };
  }
  let i = 0;
  if (schedulerName !== undefined) {
    const names = profiles.map((p: unknown) => {
      const n = typeof p === "object" && p !== null ? (p as Record<string, unknown>)["schedulerName"] : undefined;
      return typeof n === "string" && n !== "" ? n : "default-scheduler";
    });
    i = names.indexOf(schedulerName);
    if (i < 0) throw new CliError(`${label}: no profile has schedulerName ${JSON.stringify(schedulerName)} (profiles: ${names.join(", ")})`);
  }
  return { label, profile: profiles[i], profilePath: `profiles[${i}]`, percentageOfNodesToScore };
}
