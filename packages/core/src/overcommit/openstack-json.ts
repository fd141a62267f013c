// OpenStack's own JSON as the client prints it: `openstack hypervisor list --long -f json`, `openstack server
// list --long -f json`, `openstack flavor list --long -f json` (column names as python-openstackclient
// prints them), and Placement inventories (`openstack resource provider inventory list RP -f json`).
import { SchedkitError } from "../errors.js";
import { isObject } from "../model/json.js";


function rows(v: unknown, path: string, what: string): Record<string, unknown>[] {
  if (!Array.isArray(v)) throw new SchedkitError(path, v, `is not an array (the JSON of \`${what} -f json\`)`);
  return v.map((r, i) => {
    if (!isObject(r)) throw new SchedkitError(`${path}[${i}]`, r, "is not an object");
    return r;
  });
}

function str(r: Record<string, unknown>, keys: readonly string[], path: string, required = true): string {
  for (const k of keys) {
    const v = r[k];
    if (typeof v === "string" && v !== "") return v;
    if (typeof v === "number") return String(v);
  }
  if (required) throw new SchedkitError(`${path}["${keys[0]}"]`, r[keys[0]!], "is required");
  return "";
}

function posInt(r: Record<string, unknown>, key: string, path: string): number {
  const v = r[key];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new SchedkitError(`${path}["${key}"]`, v, "is not an integer >= 0");
  return v;
}

/** A compute host: its physical CPUs and, from Placement, its VCPU allocation ratio and reservation. */
export interface OpenStackHypervisor {
  readonly hostname: string;
  readonly pcpus: number | null;
  readonly state: string;
}

/** `openstack hypervisor list --long -f json`: "Hypervisor Hostname", "vCPUs" (absent from microversion 2.88), "State". */
export function parseHypervisors(v: unknown, path = "hypervisors"): OpenStackHypervisor[] {
  return rows(v, path, "openstack hypervisor list --long").map((r, i) => {
    const p = `${path}[${i}]`;
    return { hostname: str(r, ["Hypervisor Hostname", "hypervisor_hostname"], p), pcpus: r["vCPUs"] === undefined ? null : posInt(r, "vCPUs", p), state: str(r, ["State", "state"], p, false) };
  });
}

/** A Nova instance. */
export interface OpenStackServer {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly host: string;
  readonly flavor: string;
}

/** `openstack server list --long -f json` (admin, for "Host"): "ID", "Name", "Status", "Host", "Flavor Name" or "Flavor". */
export function parseServers(v: unknown, path = "servers"): OpenStackServer[] {
  return rows(v, path, "openstack server list --long").map((r, i) => {
    const p = `${path}[${i}]`;
    const host = str(r, ["Host", "OS-EXT-SRV-ATTR:host"], p, false);
    if (host === "") throw new SchedkitError(`${p}["Host"]`, r["Host"], "is required (list servers as an admin: `openstack server list --all-projects --long -f json`)");
    const f = r["Flavor"];
    const flavor = isObject(f) ? str(f, ["name", "original_name"], `${p}["Flavor"]`) : str(r, ["Flavor Name", "Flavor", "Flavor ID"], p);
    return { id: str(r, ["ID", "id"], p), name: str(r, ["Name", "name"], p), status: str(r, ["Status", "status"], p), host, flavor };
  });
}

/** A flavor: vCPUs and the extra specs the libvirt driver turns into cputune. */
export interface OpenStackFlavor {
  readonly id: string;
  readonly name: string;
  readonly vcpus: number;
  readonly extraSpecs: Readonly<Record<string, string>>;
}

// "Properties" is a dict in recent clients and `key='value', key2='value2'` text in older ones.
function properties(v: unknown, path: string): Record<string, string> {
  if (v === undefined || v === null || v === "") return {};
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  if (typeof v !== "string") throw new SchedkitError(path, v, "is not a properties object or key='value' text");
  const out: Record<string, string> = {};
  for (const m of v.matchAll(/([^\s=,]+)='([^']*)'/g)) out[m[1]!] = m[2]!;
  return out;
}

/** `openstack flavor list --long -f json`: "ID", "Name", "VCPUs", "Properties" (quota:cpu_* extra specs). */
export function parseFlavors(v: unknown, path = "flavors"): OpenStackFlavor[] {
  return rows(v, path, "openstack flavor list --long").map((r, i) => {
    const p = `${path}[${i}]`;
    return { id: str(r, ["ID", "id"], p), name: str(r, ["Name", "name"], p), vcpus: posInt(r, "VCPUs", p), extraSpecs: properties(r["Properties"] ?? r["extra_specs"], `${p}["Properties"]`) };
  });
}

/** A provider's VCPU inventory: total, reserved, allocation_ratio. */
export interface PlacementVcpu {
  readonly total: number;
  readonly reserved: number;
  readonly allocationRatio: number;
}

/**
 * Placement inventories by resource provider name (the compute host): `{ "compute-01": [rows of
 * openstack resource provider inventory list RP -f json] }`; the VCPU row is read.
 */
export function parsePlacement(v: unknown, path = "placement"): Map<string, PlacementVcpu> {
  if (!isObject(v)) throw new SchedkitError(path, v, "is not an object of provider name → inventory rows");
  const out = new Map<string, PlacementVcpu>();
  for (const [provider, inv] of Object.entries(v)) {
    const p = `${path}["${provider}"]`;
    const vcpu = rows(inv, p, "openstack resource provider inventory list").find((r) => r["resource_class"] === "VCPU");
    if (vcpu === undefined) throw new SchedkitError(p, inv, "has no VCPU inventory row");
    const ratio = vcpu["allocation_ratio"];
    if (typeof ratio !== "number" || !(ratio > 0) || !Number.isFinite(ratio)) throw new SchedkitError(`${p}.VCPU.allocation_ratio`, ratio, "is not a positive number");
    out.set(provider, { total: posInt(vcpu, "total", `${p}.VCPU`), reserved: vcpu["reserved"] === undefined ? 0 : posInt(vcpu, "reserved", `${p}.VCPU`), allocationRatio: ratio });
  }
  return out;
}
