import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { DomainError, SchedkitError } from "../index.js";
import { MAX_MILLI_CPU, qosLevelCgroups } from "./index.js";

interface Weight {
  "cpu.shares": number;
  "cpu.weight_kubelet": number;
}
interface QosLevelCase {
  name: string;
  burstable_pod_cpu_requests_m: number[];
  kubepods_cpu_m: number;
  expected: { kubepods: Weight; burstable: Weight; besteffort: Weight };
  source: string;
}

const cases = loadFixture<{ qosLevelCgroups: { cases: QosLevelCase[] } }>("cgroup_vectors.json").qosLevelCgroups.cases;
const asWeight = (w: Weight) => ({ cpuShares: w["cpu.shares"], cpuWeight: w["cpu.weight_kubelet"] });

describe("QoS-level and kubepods cgroups", () => {
  const counter = fixtureCounter("cgroup_vectors.json qosLevelCgroups", 4);
  it.each(cases)("$name ($source)", (c) => {
    const got = qosLevelCgroups({ kubepodsMilliCPU: c.kubepods_cpu_m, burstablePodCPURequests: c.burstable_pod_cpu_requests_m });
    expect(got).toEqual({
      kubepods: asWeight(c.expected.kubepods),
      burstable: asWeight(c.expected.burstable),
      besteffort: asWeight(c.expected.besteffort),
    });
    counter.ran();
  });

  it.each([
    ["a negative burstable request", { kubepodsMilliCPU: 1000, burstablePodCPURequests: [100, -1] }, SchedkitError, /burstablePodCPURequests\[1\]/],
    ["a fractional kubepods size", { kubepodsMilliCPU: 0.5, burstablePodCPURequests: [] }, SchedkitError, /kubepodsMilliCPU/],
    ["a missing request list", { kubepodsMilliCPU: 1000 }, SchedkitError, /burstablePodCPURequests/],
    ["a request sum above the domain", { kubepodsMilliCPU: 1000, burstablePodCPURequests: [MAX_MILLI_CPU, 1] }, DomainError, /sum/],
  ])("rejects %s", (_n, input, err, msg) => {
    const run = () => qosLevelCgroups(input as never);
    expect(run).toThrow(err);
    expect(run).toThrow(msg);
  });
});
