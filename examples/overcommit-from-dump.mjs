// What CPU pods really get when their nodes are VMs on overcommitted hypervisors: the layered report from a
// kubectl dump and OpenStack's own JSON (hypervisor, server and flavor lists, Placement inventories).
//   node examples/overcommit-from-dump.mjs [requests|limits|metrics]
import { readFileSync } from "node:fs";
import { overcommitFromSources } from "@schedkit/core/overcommit";

const dir = new URL("./data/overcommit/", import.meta.url);
const json = (f) => JSON.parse(readFileSync(new URL(f, dir), "utf8"));
const demand = process.argv[2] ?? "limits";

const r = overcommitFromSources({
  kubernetes: json("cluster.json"), // kubectl get nodes,pods -A -o json
  hypervisors: json("hypervisors.json"), // openstack hypervisor list --long -f json
  servers: json("servers.json"), // openstack server list --all-projects --long -f json
  flavors: json("flavors.json"), // openstack flavor list --all --long -f json
  placement: json("placement.json"), // openstack resource provider inventory list <rp> -f json, by provider
  metrics: readFileSync(new URL("top-pods.txt", dir), "utf8"), // kubectl top pods --containers -A
  demand,
});

console.log(`demand: ${demand}`);
for (const h of r.report.hosts) console.log(`  ${h.name}: ${h.pcpus} pCPUs, ${h.vcpusPlaced} vCPUs (${h.rhoVm.toFixed(2)}×), demand/pCPU ${h.contention.toFixed(2)}×`);
for (const v of r.activeWhileStarved) console.log(`  VM ${v.vm} is ACTIVE but ${Math.round(v.stealFraction * 100)}% of the CPU it wants is stolen`);
for (const p of r.podsShortOfRequests) console.log(`  ${p.pod} on ${p.node}: requests ${p.requestMilli}m, gets ${Math.floor(p.obtainableMilli)}m`);
for (const n of r.notes) console.log(`  note: ${n}`);
