// resource.k8s.io/v1 DeviceClasses as the scheduler reads them for DRAExtendedResource: which extended resource
// each class backs (dynamic-resource-allocation v0.37.1 deviceclass/extendedresourcecache ExtendedResourceCache,
// the DeviceClassResolver NodeResourcesFit and DynamicResources query). Validated as the API server does for the
// fields read here (pkg/apis/resource/validation ValidateDeviceClass). The allocator and the scorers also read
// spec.selectors (CEL expressions, kept as text: dra/cel.ts evaluates the forms it can); configs are not read.
import { SchedkitError } from "../errors.js";
import { qualifiedNameProblem } from "../labels/validation.js";
import { arrayField, asObject, child, index, optObject, stringField, type JsonObject } from "./json.js";
import { checkKind, requiredName, timestampField } from "./kube.js";

/** resourceapi.ResourceDeviceClassPrefix: every class backs the implicit resource <prefix><class name>. */
const DEVICE_CLASS_RESOURCE_PREFIX = "deviceclass.resource.kubernetes.io/";

/** A DeviceClass as far as the scheduler's extended-resource mapping reads it. */
export interface DeviceClass {
  readonly name: string;
  /** spec.extendedResourceName, or null. */
  readonly extendedResourceName: string | null;
  /** metadata.creationTimestamp in ms (0 when absent): the newer class wins a shared extendedResourceName. */
  readonly created: number;
  /** spec.selectors[*].cel.expression, in order. */
  readonly selectors: readonly string[];
}

/**
 * v1helper.IsExtendedResourceName: not a native resource (no "/", or a kubernetes.io/ prefix), not a quota
 * "requests." name, and "requests." + name is a qualified name.
 */
export function isExtendedResourceName(name: string): boolean {
  if (!name.includes("/") || name.includes("kubernetes.io/") || name.startsWith("requests.")) return false;
  return qualifiedNameProblem("requests." + name) === "";
}

/** schedutil.IsDRAExtendedResourceName: an extended resource, or a class's implicit name. */
export function isDRAExtendedResourceName(name: string): boolean {
  return isExtendedResourceName(name) || name.startsWith(DEVICE_CLASS_RESOURCE_PREFIX);
}

/** validate.LongName: a DNS-1123 subdomain (DRA object names, driver names). */
export function longNameProblem(name: string): string {
  if (name.length > 253) return "must be no more than 253 characters";
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name)) {
    return "is not a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.', starting and ending alphanumeric)";
  }
  return "";
}

const EMPTY: JsonObject = Object.freeze({});

/** A resource.k8s.io/v1 object of `kind` with its metadata and a DNS-1123 subdomain name. */
export function namedObject(obj: unknown, path: string, kind: string): { o: JsonObject; meta: JsonObject; mp: string; name: string } {
  const o = asObject(obj, path);
  checkKind(o, path, kind);
  const mp = child(path, "metadata");
  const meta = optObject(o, "metadata", path) ?? EMPTY;
  return { o, meta, mp, name: requiredName(meta, mp, longNameProblem) };
}

/** A resource.k8s.io/v1 DeviceClass: metadata.name, metadata.creationTimestamp, spec.extendedResourceName. */
export function deviceClassFromKube(obj: unknown, path: string): DeviceClass {
  const { o, meta, mp, name } = namedObject(obj, path, "DeviceClass");
  const created = timestampField(meta, "creationTimestamp", mp) ?? 0;
  const sp = child(path, "spec");
  const spec = optObject(o, "spec", path) ?? EMPTY;
  const ern = stringField(spec, "extendedResourceName", sp);
  if (ern !== "" && !isExtendedResourceName(ern)) throw new SchedkitError(child(sp, "extendedResourceName"), ern, "must be a valid extended resource name");
  const selp = child(sp, "selectors");
  const selectors = arrayField(spec, "selectors", sp).map((v, i) => {
    const ip = index(selp, i);
    // validateSelector: a selector is its CEL expression (Required value).
    const cel = optObject(asObject(v, ip), "cel", ip);
    if (cel === undefined) throw new SchedkitError(child(ip, "cel"), undefined, "is required");
    return stringField(cel, "expression", child(ip, "cel"));
  });
  return { name, extendedResourceName: ern === "" ? null : ern, created, selectors };
}

/**
 * ExtendedResourceCache.GetDeviceClass over a set of classes: every class backs its implicit
 * deviceclass.resource.kubernetes.io/<name>, and its spec.extendedResourceName; when classes share one, the
 * newer class wins, then the lower name (updateResourceName2class).
 */
export class DeviceClassResolver {
  private readonly byResource = new Map<string, DeviceClass>();
  /** Every class by name (the DeviceClass lister the allocator reads). */
  readonly byName = new Map<string, DeviceClass>();

  constructor(classes: readonly DeviceClass[]) {
    for (const c of classes) {
      this.byName.set(c.name, c);
      if (c.extendedResourceName !== null) {
        const other = this.byResource.get(c.extendedResourceName);
        if (other === undefined || c.created > other.created || (c.created === other.created && c.name < other.name)) {
          this.byResource.set(c.extendedResourceName, c);
        }
      }
      this.byResource.set(DEVICE_CLASS_RESOURCE_PREFIX + c.name, c);
    }
  }

  /** The class backing `resource`, or undefined. */
  classFor(resource: string): DeviceClass | undefined {
    return this.byResource.get(resource);
  }

  get empty(): boolean {
    return this.byResource.size === 0;
  }
}

export const NO_DEVICE_CLASSES = new DeviceClassResolver([]);
