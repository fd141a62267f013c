import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv.js";
import { parseSeconds, parseWorkload, parseWorkloadCsv } from "./workload.js";

describe("times and durations", () => {
  it("numbers of seconds or unit strings", () => {
    expect(parseSeconds(90, "t")).toBe(90);
    expect(parseSeconds("1h30m", "t")).toBe(5400);
    expect(parseSeconds("250ms", "t")).toBe(0.25);
    expect(parseSeconds("2d", "t")).toBe(172800);
  });
  it("rejects anything else, naming the field", () => {
    expect(() => parseSeconds("soon", "workload.pods[0].at")).toThrow('workload.pods[0].at: "soon" is not a number of seconds or a duration such as "90s", "1h30m", "250ms"');
    expect(() => parseSeconds(-1, "t")).toThrow("t: -1 is not a time in [0, 31622400] seconds");
  });
});

describe("pod rows", () => {
  it("shape fields become a pod template shared by rows with the same shape", () => {
    const w = parseWorkload({
      pods: [
        { name: "a", at: 0, cpu: "500m", memory: "1Gi", duration: "10m" },
        { name: "b", at: "1m", cpu: "500m", memory: "1Gi", count: 3, every: 5 },
        { at: 2, cpu: "1", memory: "1Gi", priority: 10, labels: { tier: "batch" }, spec: { nodeSelector: { disk: "ssd" } } },
      ],
    });
    expect(w.shapes).toHaveLength(2);
    expect([...w.arrivals].map((a) => [a.at, a.name, a.shape, a.duration])).toEqual([
      [0, "a", 0, 600],
      [2, undefined, 1, null],
      [60, "b-0", 0, null],
      [65, "b-1", 0, null],
      [70, "b-2", 0, null],
    ]);
    const p = w.shapes[1]!.pod;
    expect([p.priority, p.labels.get("tier"), p.nodeSelector.get("disk")]).toEqual([10, "batch", "ssd"]);
    expect(w.end).toBe(70);
  });

  it("a template is a whole v1.Pod", () => {
    const w = parseWorkload({ pods: [{ at: 0, template: { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "2" } } }] } } }] });
    expect(w.shapes[0]!.pod.containers[0]!.requests.get("cpu")!.milliValue()).toBe(2000n);
  });

  it("errors name the row's field", () => {
    expect(() => parseWorkload({ pods: [{ at: 0 }, { at: 0 }, { at: 0 }, { at: 0, cpu: "12x" }] })).toThrow('workload.pods[3].cpu: "12x" is not a Kubernetes quantity');
    expect(() => parseWorkload({ pods: [{ at: 0, cpus: "1" }] })).toThrow('workload.pods[0].cpus: "1" is not a field of this row');
    expect(() => parseWorkload({ pods: [{ at: 0, cpu: "1", template: {} }] })).toThrow('workload.pods[0].cpu: "1" cannot be combined with template (set it in the template)');
    expect(() => parseWorkload({ pods: [{ at: 0, spec: { tolerations: [{ key: "k", operator: "Exists", effect: "Sometimes" }] } }] })).toThrow("workload.pods[0].spec.tolerations[0].effect");
    expect(() => parseWorkload({ pods: "many" })).toThrow('workload.pods: "many" is not an array');
    expect(() => parseWorkload({ nodeEvents: [{ at: 0, action: "reboot", node: "n1" }] })).toThrow('workload.nodeEvents[0].action: "reboot" is not one of add, cordon, uncordon, drain, remove');
  });
});

describe("deployments", () => {
  it("default labels app=<name>; HPA fields are checked", () => {
    const w = parseWorkload({ deployments: [{ name: "web", replicas: 2, cpu: "100m", hpa: { maxReplicas: 5, targetCPUUtilizationPercentage: 60, demand: [{ at: 0, cpu: "1" }] } }] });
    expect(w.shapes[0]!.pod.labels.get("app")).toBe("web");
    expect(w.deployments[0]).toMatchObject({ name: "web", namespace: "default", replicas: 2, hpa: { minReplicas: 1, maxReplicas: 5, syncPeriodSeconds: 15, demand: [{ at: 0, milliCPU: 1000 }] } });
    expect(() => parseWorkload({ deployments: [{ name: "web", replicas: 9, hpa: { maxReplicas: 5, targetCPUUtilizationPercentage: 60, demand: [{ at: 0, cpu: "1" }] } }] })).toThrow(
      "workload.deployments[0].replicas: 9 is outside the HPA's [1, 5]",
    );
    expect(() => parseWorkload({ deployments: [{ name: "a", replicas: 1 }, { name: "a", replicas: 1 }] })).toThrow('workload.deployments[1].name: "a" is a duplicate deployment name');
  });
});

describe("CSV workloads", () => {
  it("one pod row per line, columns by header", () => {
    const w = parseWorkloadCsv("at,name,cpu,memory,duration,priority,labels,cpu_limit\n0,a,250m,512Mi,60,5,app=x;tier=web,1\n1.5,b,250m,512Mi,,,,\n");
    expect([...w.arrivals].map((a) => [a.at, a.name, a.duration])).toEqual([
      [0, "a", 60],
      [1.5, "b", null],
    ]);
    const p = w.shapes[0]!.pod;
    expect([p.priority, p.labels.get("tier"), p.containers[0]!.limits.get("cpu")!.milliValue()]).toEqual([5, "web", 1000n]);
  });
  it("errors name the line and column", () => {
    expect(() => parseWorkloadCsv("at,cpu\n0,1\n1,12x\n")).toThrow('workload.csv:3 cpu: "12x" is not a Kubernetes quantity');
    expect(() => parseWorkloadCsv("at,gpu\n")).toThrow('workload.csv:1 column 2: "gpu" is not a workload column');
    expect(() => parseWorkloadCsv("at,cpu\n0\n")).toThrow("workload.csv:2: 1 cells where the header has 2");
  });
});

describe("RFC 4180 CSV", () => {
  it("quoted cells hold commas, quotes and newlines; CRLF ends lines", () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n"f\ng",h\n', "x")).toEqual([
      ["a", "b,c", 'd "e"'],
      ["f\ng", "h"],
    ]);
  });
  it("an unterminated quote is an error", () => {
    expect(() => parseCsv('a,"b\n', "x.csv")).toThrow("x.csv:2");
  });
});
