import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importAlibabaBatchInstances, importAlibabaContainerMeta, importGoogleInstanceEvents } from "./traces.js";
import type { Workload } from "./types.js";

// Small synthetic samples in the traces' column layouts (test-data/traces/README.md), not real trace data.
const sample = (f: string) => readFileSync(new URL(`../../test-data/traces/${f}`, import.meta.url), "utf8");

function rows(w: Workload) {
  return [...w.arrivals].map((a) => {
    const c = w.shapes[a.shape]!.pod.containers[0]!;
    return { at: a.at, duration: a.duration, name: a.name, owner: a.owner, cpu: `${c.requests.get("cpu")!.milliValue()}m`, memory: String(c.requests.get("memory")!.value()), priority: w.shapes[a.shape]!.pod.priority };
  });
}

describe("Alibaba cluster-trace-v2018 batch_instance", () => {
  it("one pod per Terminated instance, requests from batch_task's plan, else the instance's maxima", () => {
    const r = importAlibabaBatchInstances(sample("batch_instance.csv"), { batchTask: sample("batch_task.csv") });
    expect(r).toMatchObject({ rows: 8, pods: 6, skipped: { "status Failed": 1, "status Running": 1 } });
    const got = rows(r.workload);
    expect(got.map((g) => [g.at, g.duration, g.name, g.owner, g.cpu])).toEqual([
      [0, 120, "j-101-ins-1001", "j_101", "1000m"],
      [10, 290, "j-101-ins-1002", "j_101", "1000m"],
      [50, 3600, "j-102-ins-2001", "j_102", "4000m"],
      [300, 300, "j-101-ins-1003", "j_101", "2000m"],
      [600, 60, "j-103-ins-3001", "j_103", "1000m"],
      [610, 20, "j-103-ins-3002", "j_103", "1100m"],
    ]);
    // plan_mem 0.5 of a 64Gi machine normalized to [0, 100]: ⌈0.5 × 64 GiB / 100⌉ bytes.
    expect(got[0]!.memory).toBe("343597384");
    expect(r.workload.end).toBe(610);
  });

  it("without batch_task, the instance's cpu_max / mem_max are the requests", () => {
    const r = importAlibabaBatchInstances(sample("batch_instance.csv"), { machineMemory: "100Gi" });
    expect(rows(r.workload)[0]).toMatchObject({ cpu: "802m", memory: String(Math.ceil(0.42 * 1024 ** 3)) });
  });

  it("rejects a row with the wrong number of columns, naming the line", () => {
    expect(() => importAlibabaBatchInstances("a,b,c\n")).toThrow("batch_instance.csv:1: 3 columns where batch_instance has 14");
  });
});

describe("Alibaba cluster-trace-v2018 container_meta", () => {
  it("one long-running pod per container at its first row, labelled with its deploy unit", () => {
    const r = importAlibabaContainerMeta(sample("container_meta.csv"));
    expect(r).toMatchObject({ rows: 6, pods: 5, skipped: { "later row of a container": 1 } });
    const got = rows(r.workload);
    expect(got.map((g) => [g.at, g.duration, g.name, g.owner, g.cpu])).toEqual([
      [0, null, "c-1", "app_5052", "4000m"],
      [0, null, "c-2", "app_5052", "4000m"],
      [120, null, "c-3", "app_8111", "8000m"],
      [300, null, "c-4", "app_8111", "8000m"],
      [600, null, "c-5", "app_42", "500m"],
    ]);
    const shape = r.workload.shapes[[...r.workload.arrivals][2]!.shape]!;
    expect(shape.pod.labels.get("app_du")).toBe("app-8111");
    expect(shape.pod.containers[0]!.limits.get("cpu")!.milliValue()).toBe(16000n);
  });
});

describe("Google clusterdata-2019 instance_events", () => {
  it("arrives at SUBMIT, runs from SCHEDULE to its end event, skips alloc sets and instances killed while pending", () => {
    const r = importGoogleInstanceEvents(sample("instance_events.csv"));
    expect(r).toMatchObject({ rows: 11, pods: 3, skipped: { "alloc set instance event": 1, "ended before it was scheduled": 1 } });
    const got = rows(r.workload);
    expect(got.map((g) => [g.at, g.duration, g.name, g.owner, g.cpu, g.priority])).toEqual([
      [0, 298.5, "c3001-0", "3001", "800m", 200],
      [0, null, "c3001-1", "3001", "800m", 200],
      [60, null, "c3002-0", "3002", "4000m", 360],
    ]);
  });

  it("requires the columns it reads", () => {
    expect(() => importGoogleInstanceEvents("time,type\n1,0\n")).toThrow('instance_events.csv:1: "time,type" has no column collection_id');
  });

  it("rejects an unknown event type, naming the line", () => {
    const head = "time,type,collection_id,priority,instance_index,resource_request.cpus,resource_request.memory\n";
    expect(() => importGoogleInstanceEvents(`${head}0,START,1,0,0,0.1,0.1\n`)).toThrow('instance_events.csv:2 type: "START" is not an instance EventType (0..10 or its name)');
  });
});
