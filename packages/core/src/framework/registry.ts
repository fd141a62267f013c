// kube-scheduler: framework/runtime/registry.go (Registry: plugin name → factory; Registry.Merge refuses a
// name registered twice, "a plugin named %v already exists"). Profiles name plugins; the registry builds them.
import { SchedkitError } from "../errors.js";
import type { Plugin, PluginFactory } from "./interfaces.js";

/** Plugin name → factory: every plugin a profile may name. */
export type Registry = ReadonlyMap<string, PluginFactory>;

/** The methods a plugin may implement, one per extension point schedkit runs (plus NormalizeScore). */
const METHODS = ["preEnqueue", "preFilter", "filter", "postFilter", "preScore", "score", "normalizeScore"] as const;

/**
 * The in-tree registry merged with user factories (registry.go Merge). Each user factory is checked here, so a
 * bad registration fails when the Scheduler is built, naming the plugin, rather than in the middle of a cycle.
 */
export function mergeRegistry(inTree: Registry, user: unknown, path = "plugins"): Registry {
  if (user === undefined || user === null) return inTree;
  if (!Array.isArray(user)) throw new SchedkitError(path, user, "is not a list of plugin factories ({ name, create })");
  const merged = new Map(inTree);
  user.forEach((f: unknown, i) => {
    const p = `${path}[${i}]`;
    if (typeof f !== "object" || f === null) throw new SchedkitError(p, f, "is not a plugin factory ({ name, create })");
    const { name, create } = f as { name?: unknown; create?: unknown };
    if (typeof name !== "string" || name === "") throw new SchedkitError(`${p}.name`, name, "is not a plugin name");
    if (typeof create !== "function") throw new SchedkitError(`${p}.create`, create, `is not a function (plugin ${JSON.stringify(name)})`);
    if (merged.has(name)) throw new SchedkitError(`${p}.name`, name, "is a plugin name already registered (a plugin named so already exists)");
    const factory = f as PluginFactory;
    merged.set(name, { name, create: (args, ctx, argsPath) => checked(factory, factory.create(args, ctx, argsPath)) });
  });
  return merged;
}

/**
 * What a user factory returned, checked once per profile: an object carrying the registered name, implementing
 * at least one extension point, whose extension points are functions.
 */
function checked(factory: PluginFactory, pl: unknown): Plugin {
  const who = `plugin ${JSON.stringify(factory.name)}`;
  if (typeof pl !== "object" || pl === null) throw new SchedkitError(`${who}: create()`, pl, "is not a plugin object");
  const name = (pl as { name?: unknown }).name;
  if (name !== factory.name) throw new SchedkitError(`${who}: create().name`, name, `is not the registered name ${JSON.stringify(factory.name)}`);
  for (const m of METHODS) {
    const v = (pl as Record<string, unknown>)[m];
    if (v !== undefined && typeof v !== "function") throw new SchedkitError(`${who}: ${m}`, v, "is not a function");
  }
  const p = pl as Plugin;
  if (!METHODS.some((m) => p[m] !== undefined)) throw new SchedkitError(who, factory.name, `implements no extension point (${METHODS.join(", ")})`);
  if (p.normalizeScore !== undefined && p.score === undefined) throw new SchedkitError(`${who}: normalizeScore`, "function", "needs a score method");
  return p;
}
