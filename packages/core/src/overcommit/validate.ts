// The layered inventory's shape, checked before any math: every position of the input type is the type it
// should be (a JavaScript caller can pass anything), names are unique, and the helpers' own checks report at
// the inventory's full path (`hosts[0].vms[1].node.pods[2].spec.containers[0].resources.requests.cpu`).
import { SchedkitError, underPath } from "../errors.js";
import { asObject, isObject, type JsonObject } from "../model/json.js";
import { parseFlavorCpuTune, vmCpuWeight, type NovaCpuSharesDefault } from "../openstack/libvirt-cputune.js";
import type { LayeredInventory } from "./types.js";

type Obj = JsonObject;

// Where the check is, written out only for an error: a fleet has tens of thousands of VMs, and a path string
// built for each before anything failed was most of the check's time (docs/performance.md, the layered section).
class Position {
  host = -1;
  vm = -1;
  node = false;

  toString(): string {
    return at(this.host, this.vm) + (this.node ? ".node" : "");
  }
}

const at = (host: number, vm: number): string => (vm < 0 ? `hosts[${host}]` : `hosts[${host}].vms[${vm}]`);

function optObject(o: Obj, key: string, path: string | Position): Obj | undefined {
  const v = o[key];
  return v === undefined ? undefined : asObject(v, `${path}.${key}`);
}

function array(o: Obj, key: string, path: string | Position): readonly unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new SchedkitError(`${path}.${key}`, v, "is not an array");
  return v;
}

function name(o: Obj, key: string, path: Position, required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== "string" || v === "") throw new SchedkitError(`${path}.${key}`, v, "is not a non-empty string");
  return v;
}

function int(o: Obj, key: string, path: Position, min: number): void {
  const v = o[key];
  if (v === undefined) return;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min) throw new SchedkitError(`${path}.${key}`, v, `is not an integer >= ${min}`);
}

/**
 * Throws a SchedkitError naming the first malformed position of a layered inventory. With `pods` false, the
 * pods themselves are not visited (only each node's `pods` array): for a caller that reads every pod next and
 * runs this check in full when a pod is not an object, which saves a pass over hundreds of thousands of them.
 * On any error it runs in full all the same, so the error is the first in document order either way (a pod
 * that is not an object in hosts[1] before a VM weight out of range in hosts[2]).
 */
export function checkLayeredInventory(inventory: unknown, pods = true): asserts inventory is LayeredInventory {
  if (pods) return checkInventory(inventory, true);
  try {
    checkInventory(inventory, false);
  } catch (e) {
    checkInventory(inventory, true);
    throw e;
  }
}

function checkInventory(inventory: unknown, checkPods: boolean): asserts inventory is LayeredInventory {
  const inv = asObject(inventory, "inventory");
  const guest = optObject(inv, "guest", "guest") ?? {};
  const formula = guest["containerWeightFormula"];
  if (formula !== undefined && formula !== "runc-quadratic" && formula !== "runc-linear" && formula !== "kubelet-linear") {
    throw new SchedkitError("guest.containerWeightFormula", formula, 'is not "runc-quadratic", "runc-linear" or "kubelet-linear"');
  }
  optObject(inv, "verdict", "verdict");
  const hostNames = new Map<string, number>();
  // Each VM name's first VM, by its host and its index there (vmHost / vmIndex at the map's value).
  const vmNames = new Map<string, number>();
  const vmHost: number[] = [];
  const vmIndex: number[] = [];
  const pos = new Position();
  const hosts = array(inv, "hosts", "inventory");
  for (let i = 0; i < hosts.length; i++) {
    pos.host = i;
    pos.vm = -1;
    pos.node = false;
    const host = asObject(hosts[i], pos);
    const hostName = name(host, "name", pos, true)!;
    // Nova: a compute host is mapped once (nova/exception.py HostMappingExists).
    const first = hostNames.get(hostName);
    if (first !== undefined) throw new SchedkitError(`${pos}.name`, hostName, `is a duplicate host name (hosts[${first}]): Host '${hostName}' mapping already exists`);
    hostNames.set(hostName, i);
    int(host, "pcpus", pos, 1);
    if (host["pcpus"] === undefined) throw new SchedkitError(`${pos}.pcpus`, undefined, "is not an integer >= 1");
    int(host, "reservedHostCpus", pos, 0);
    const ratio = host["cpuAllocationRatio"];
    if (ratio !== undefined && (typeof ratio !== "number" || !(ratio >= 0) || ratio === Infinity)) {
      throw new SchedkitError(`${pos}.cpuAllocationRatio`, ratio, "is not a finite number >= 0");
    }
    const cg = host["cgroupVersion"];
    if (cg !== undefined && cg !== 1 && cg !== 2) throw new SchedkitError(`${pos}.cgroupVersion`, cg, "is not 1 or 2");
    const sharesDefault = host["novaCpuSharesDefault"];
    if (sharesDefault !== undefined && sharesDefault !== "none" && sharesDefault !== "1024-per-vcpu") {
      throw new SchedkitError(`${pos}.novaCpuSharesDefault`, sharesDefault, 'is not "none" or "1024-per-vcpu"');
    }
    const vms = array(host, "vms", pos);
    for (let j = 0; j < vms.length; j++) {
      pos.vm = j;
      pos.node = false;
      const vm = asObject(vms[j], pos);
      const vmName = name(vm, "name", pos, true)!;
      // libvirt domains are unique per hypervisor; the report names VMs alone, so across hosts too
      // (nova/exception.py InstanceExists).
      const seen = vmNames.get(vmName);
      if (seen !== undefined) throw new SchedkitError(`${pos}.name`, vmName, `is a duplicate VM name (${at(vmHost[seen]!, vmIndex[seen]!)}): Instance ${vmName} already exists.`);
      vmNames.set(vmName, vmHost.length);
      vmHost.push(i);
      vmIndex.push(j);
      int(vm, "vcpus", pos, 1);
      if (vm["vcpus"] === undefined) throw new SchedkitError(`${pos}.vcpus`, undefined, "is not an integer >= 1");
      const specs = optObject(vm, "extraSpecs", pos);
      if (specs !== undefined) for (const [k, s] of Object.entries(specs)) if (typeof s !== "string") throw new SchedkitError(`${pos}.extraSpecs["${k}"]`, s, "is not a string");
      try {
        vmCpuWeight(vm["vcpus"] as number, parseFlavorCpuTune(specs as Record<string, string> | undefined), (cg as 1 | 2 | undefined) ?? 2, (sharesDefault as NovaCpuSharesDefault | undefined) ?? "none");
      } catch (e) {
        underPath(String(pos), () => {
          throw e;
        });
      }
      const node = optObject(vm, "node", pos);
      if (node === undefined) continue;
      pos.node = true;
      name(node, "name", pos, false);
      // Each pod is a v1.Pod plus demands; guest-pod.ts parses it when the guest tree is built. (A fleet has
      // hundreds of thousands: a pod's path is written only for its error.)
      const pods = array(node, "pods", pos);
      if (checkPods) for (let k = 0; k < pods.length; k++) if (!isObject(pods[k])) asObject(pods[k], `${pos}.pods[${k}]`);
    }
  }
}
