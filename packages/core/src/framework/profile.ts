// kube-scheduler: apis/config/v1/default_plugins.go (mergePlugins/mergePluginSet) and
// framework/runtime/framework.go (NewFramework, expandMultiPointPlugins, score weights). The registry and the
// default MultiPoint list come from the caller (plugins/registry.ts, plugins/defaults.ts), as upstream's
// NewFramework(registry, profile) gets them.
import { SchedkitError } from "../errors.js";
import type { Plugin, PluginContext } from "./interfaces.js";
import type { Registry } from "./registry.js";

/** A plugin reference in a profile (`{ name, weight? }`). */
export interface PluginRef {
  readonly name: string;
  readonly weight?: number;
}

/** An extension point's plugin set as KubeSchedulerConfiguration writes it. */
export interface PluginSetConfig {
  readonly enabled?: readonly PluginRef[];
  readonly disabled?: readonly PluginRef[];
}

/** The part of a KubeSchedulerProfile schedkit reads. */
export interface ProfileConfig {
  readonly schedulerName?: string;
  readonly percentageOfNodesToScore?: number;
  readonly plugins?: Partial<Record<ExtensionPoint | "multiPoint", PluginSetConfig>>;
  readonly pluginConfig?: readonly { readonly name: string; readonly args?: unknown }[];
}

/** Extension points with plugins schedkit runs. */
export type ExtensionPoint = "preEnqueue" | "preFilter" | "filter" | "postFilter" | "preScore" | "score";

const EXTENSION_POINTS: readonly ExtensionPoint[] = ["preEnqueue", "preFilter", "filter", "postFilter", "preScore", "score"];
const IGNORED_POINTS = new Set(["queueSort", "reserve", "permit", "preBind", "bind", "postBind"]);

/** A weighted score plugin. */
export interface ScorePluginEntry {
  readonly plugin: Plugin;
  readonly weight: number;
}

/** A profile resolved into plugin instances per extension point, in execution order. */
export interface ResolvedProfile {
  readonly schedulerName: string;
  readonly percentageOfNodesToScore: number | null;
  /** PreEnqueue plugins (the queue's runPreEnqueuePlugins: the first rejection holds the pod back). */
  readonly preEnqueue: readonly Plugin[];
  readonly preFilter: readonly Plugin[];
  readonly filter: readonly Plugin[];
  readonly preScore: readonly Plugin[];
  readonly score: readonly ScorePluginEntry[];
  /**
   * Score plugins that score 0 everywhere for the pods schedkit models (Plugin.scoresZero): the cycle
   * reports them without running them per node.
   */
  readonly zeroScore: readonly ScorePluginEntry[];
  /** Every Score plugin (score and zeroScore) in profile order. */
  readonly scoreOrder: readonly string[];
  /** PostFilter plugins, in order (RunPostFilterPlugins). */
  readonly postFilter: readonly Plugin[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readRefs(v: unknown, path: string): PluginRef[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new SchedkitError(path, v, "is not a list of plugins");
  return v.map((item, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(item)) throw new SchedkitError(p, item, "is not a plugin reference ({name, weight?})");
    const name = item["name"];
    if (typeof name !== "string" || name === "") throw new SchedkitError(`${p}.name`, name, "is not a plugin name");
    const weight = item["weight"];
    if (weight === undefined || weight === null) return { name };
    if (typeof weight !== "number" || !Number.isInteger(weight) || weight < 0 || weight > 100) {
      throw new SchedkitError(`${p}.weight`, weight, "is not a score weight (an integer 0..100; 0 means the default)");
    }
    return { name, weight };
  });
}

function readSet(v: unknown, path: string): { enabled: PluginRef[]; disabled: PluginRef[] } {
  if (v === undefined || v === null) return { enabled: [], disabled: [] };
  if (!isObject(v)) throw new SchedkitError(path, v, "is not a plugin set ({enabled, disabled})");
  return { enabled: readRefs(v["enabled"], `${path}.enabled`), disabled: readRefs(v["disabled"], `${path}.disabled`) };
}

// mergePluginSet: defaults keep their position unless disabled ("*" disables all); a custom plugin that
// re-configures a default replaces it in place; the other custom plugins are appended.
function mergeMultiPoint(defaults: readonly PluginRef[], custom: { enabled: PluginRef[]; disabled: PluginRef[] }): PluginRef[] {
  const disabled = new Set(custom.disabled.map((p) => p.name));
  const customByName = new Map(custom.enabled.map((p, i) => [p.name, i]));
  const replaced = new Set<number>();
  const out: PluginRef[] = [];
  if (!disabled.has("*")) {
    for (const d of defaults) {
      if (disabled.has(d.name)) continue;
      const i = customByName.get(d.name);
      if (i !== undefined) {
        replaced.add(i);
        out.push(custom.enabled[i]!);
      } else out.push(d);
    }
  }
  custom.enabled.forEach((p, i) => {
    if (!replaced.has(i)) out.push(p);
  });
  return out;
}

type Point = ExtensionPoint;

function implementsPoint(p: Plugin, point: Point): boolean {
  switch (point) {
    case "preEnqueue":
      return p.preEnqueue !== undefined;
    case "preFilter":
      return p.preFilter !== undefined;
    case "filter":
      return p.filter !== undefined;
    case "preScore":
      return p.preScore !== undefined;
    case "score":
      return p.score !== undefined || p.scoresZero === true;
    case "postFilter":
      return p.postFilter !== undefined;
  }
}

/** Where a profile's plugins come from: the registry and the default MultiPoint list it is merged with. */
export interface ProfileSources {
  readonly registry: Registry;
  readonly defaults: readonly PluginRef[];
}

/**
 * Resolves a KubeSchedulerProfile (JSON shape) against the defaults: merges MultiPoint, expands it into
 * extension points (expandMultiPointPlugins), instantiates each plugin once with its pluginConfig args.
 */
export function resolveProfile(config: unknown, ctx: PluginContext, sources: ProfileSources, path = "profile"): ResolvedProfile {
  const { registry } = sources;
  if (config !== undefined && config !== null && !isObject(config)) throw new SchedkitError(path, config, "is not a scheduler profile");
  const cfg = (config ?? {}) as Record<string, unknown>;
  const pluginsCfg = cfg["plugins"];
  if (pluginsCfg !== undefined && pluginsCfg !== null && !isObject(pluginsCfg)) {
    throw new SchedkitError(`${path}.plugins`, pluginsCfg, "is not a map of extension points");
  }
  const plugins = (pluginsCfg ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(plugins)) {
    if (key !== "multiPoint" && !(EXTENSION_POINTS as readonly string[]).includes(key) && !IGNORED_POINTS.has(key)) {
      throw new SchedkitError(`${path}.plugins`, key, "is not an extension point");
    }
  }

  const multi = mergeMultiPoint(sources.defaults, readSet(plugins["multiPoint"], `${path}.plugins.multiPoint`));

  // pluginConfig: args by plugin name.
  const argsByName = new Map<string, { args: unknown; path: string }>();
  const pc = cfg["pluginConfig"];
  if (pc !== undefined && pc !== null) {
    if (!Array.isArray(pc)) throw new SchedkitError(`${path}.pluginConfig`, pc, "is not a list");
    pc.forEach((entry, i) => {
      const p = `${path}.pluginConfig[${i}]`;
      if (!isObject(entry) || typeof entry["name"] !== "string") throw new SchedkitError(p, entry, "is not a plugin config ({name, args})");
      const name = entry["name"];
      if (argsByName.has(name)) throw new SchedkitError(`${p}.name`, name, "is configured more than once");
      if (!registry.has(name)) throw new SchedkitError(`${p}.name`, name, "is not a known plugin");
      argsByName.set(name, { args: entry["args"], path: `${p}.args` });
    });
  }

  const instances = new Map<string, Plugin>();
  const instance = (name: string, refPath: string): Plugin => {
    let p = instances.get(name);
    if (p === undefined) {
      const f = registry.get(name);
      if (f === undefined) throw new SchedkitError(refPath, name, "is not a known plugin");
      const a = argsByName.get(name);
      p = f.create(a?.args, ctx, a?.path ?? `${path}.pluginConfig[${JSON.stringify(name)}].args`);
      instances.set(name, p);
    }
    return p;
  };

  const resolved: Record<Point, { plugin: Plugin; weight: number }[]> = {
    preEnqueue: [],
    preFilter: [],
    filter: [],
    postFilter: [],
    preScore: [],
    score: [],
  };
  for (const point of EXTENSION_POINTS) {
    const specific = readSet(plugins[point], `${path}.plugins.${point}`);
    const disabled = new Set(specific.disabled.map((p) => p.name));
    const specificNames = new Set(specific.enabled.map((p) => p.name));
    const overrides: { plugin: Plugin; weight: number }[] = [];
    const fromMulti: { plugin: Plugin; weight: number }[] = [];
    const others: { plugin: Plugin; weight: number }[] = [];
    const multiNames = new Set<string>();
    if (!disabled.has("*")) {
      multi.forEach((ref, i) => {
        if (disabled.has(ref.name) || specificNames.has(ref.name)) return;
        const p = instance(ref.name, `${path}.plugins.multiPoint.enabled[${i}]`);
        if (!implementsPoint(p, point)) return;
        multiNames.add(ref.name);
        fromMulti.push({ plugin: p, weight: ref.weight ?? 0 });
      });
    }
    const multiAll = new Map(multi.map((r) => [r.name, r]));
    specific.enabled.forEach((ref, i) => {
      const p = instance(ref.name, `${path}.plugins.${point}.enabled[${i}]`);
      if (!implementsPoint(p, point)) {
        throw new SchedkitError(`${path}.plugins.${point}.enabled[${i}].name`, ref.name, `does not extend ${point}`);
      }
      // A plugin named both in multiPoint and here is an override: its specific position and weight win.
      const m = multiAll.get(ref.name);
      const entry = { plugin: p, weight: ref.weight ?? m?.weight ?? 0 };
      (m !== undefined ? overrides : others).push(entry);
    });
    const list = [...overrides, ...fromMulti, ...others];
    const seen = new Set<string>();
    for (const e of list) {
      if (seen.has(e.plugin.name)) throw new SchedkitError(`${path}.plugins.${point}`, e.plugin.name, "is enabled more than once");
      seen.add(e.plugin.name);
    }
    resolved[point] = list;
  }

  const pct = cfg["percentageOfNodesToScore"];
  if (pct !== undefined && pct !== null && (typeof pct !== "number" || !Number.isInteger(pct) || pct < 0 || pct > 100)) {
    throw new SchedkitError(`${path}.percentageOfNodesToScore`, pct, "is not a percentage (an integer 0..100)");
  }
  const name = cfg["schedulerName"];
  return {
    schedulerName: typeof name === "string" && name !== "" ? name : "default-scheduler",
    percentageOfNodesToScore: typeof pct === "number" ? pct : null,
    preEnqueue: resolved.preEnqueue.map((e) => e.plugin),
    preFilter: resolved.preFilter.map((e) => e.plugin),
    filter: resolved.filter.map((e) => e.plugin),
    preScore: resolved.preScore.map((e) => e.plugin),
    // framework.NewFramework: a score weight of 0 means 1.
    score: resolved.score.filter((e) => e.plugin.scoresZero !== true).map((e) => ({ plugin: e.plugin, weight: e.weight === 0 ? 1 : e.weight })),
    zeroScore: resolved.score.filter((e) => e.plugin.scoresZero === true).map((e) => ({ plugin: e.plugin, weight: e.weight === 0 ? 1 : e.weight })),
    scoreOrder: resolved.score.map((e) => e.plugin.name),
    postFilter: resolved.postFilter.map((e) => e.plugin),
  };
}
