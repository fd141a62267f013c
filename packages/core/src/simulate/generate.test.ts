import { describe, expect, it } from "vitest";
import { generateWorkload } from "./generate.js";

const list = (o: Parameters<typeof generateWorkload>[0]) => [...generateWorkload(o).arrivals];

describe("generateWorkload", () => {
  it("is the same for the same seed, different for another, and the same each time it is iterated", () => {
    const w = generateWorkload({ pods: 500, seed: 3 });
    expect([...w.arrivals]).toEqual([...w.arrivals]);
    expect(list({ pods: 500, seed: 3 })).toEqual([...w.arrivals]);
    expect(list({ pods: 500, seed: 4 })).not.toEqual([...w.arrivals]);
  });

  it("produces `pods` arrivals in time order within the period, with run times within it", () => {
    const a = list({ pods: 2000, seed: 1, durationSeconds: 3600 });
    expect(a).toHaveLength(2000);
    for (let i = 1; i < a.length; i++) expect(a[i]!.at).toBeGreaterThanOrEqual(a[i - 1]!.at);
    expect(a.every((x) => x.at >= 0 && x.at < 3600 && x.duration !== null && x.duration >= 1 && x.duration <= 3600)).toBe(true);
  });

  it("diurnal arrivals peak around noon, bursty ones bunch up, uniform ones do not", () => {
    const perHour = (pattern: "uniform" | "diurnal" | "bursty") => {
      const h = new Array(24).fill(0);
      for (const x of list({ pods: 24000, seed: 2, arrivals: pattern })) h[Math.floor(x.at / 3600)]++;
      return h;
    };
    const d = perHour("diurnal");
    expect(d[12]).toBeGreaterThan(3 * d[0]);
    const busiest10Min = (pattern: "uniform" | "bursty") => {
      const b = new Map<number, number>();
      for (const x of list({ pods: 24000, seed: 2, arrivals: pattern })) b.set(Math.floor(x.at / 600), (b.get(Math.floor(x.at / 600)) ?? 0) + 1);
      return Math.max(...b.values());
    };
    // 24,000 pods over 144 ten-minute windows: ≈167 each when uniform.
    expect(busiest10Min("uniform")).toBeLessThan(250);
    expect(busiest10Min("bursty")).toBeGreaterThan(500);
  });

  it("heavy-tailed sizes favour small pods; heavy-tailed run times have a long tail", () => {
    const a = generateWorkload({ pods: 5000, seed: 6 });
    const cpus = [...a.arrivals].map((x) => Number(a.shapes[x.shape]!.pod.containers[0]!.requests.get("cpu")!.milliValue()));
    expect(cpus.filter((c) => c === 100).length).toBeGreaterThan(cpus.filter((c) => c === 16000).length * 10);
    const d = [...a.arrivals].map((x) => x.duration!).sort((x, y) => x - y);
    expect(d[d.length - 1]!).toBeGreaterThan(20 * d[Math.floor(d.length / 2)]!);
  });

  it("rejects bad options, naming them", () => {
    expect(() => generateWorkload({ pods: -1 })).toThrow("pods: -1 is not an integer 0..10000000");
    expect(() => generateWorkload({ pods: 1, arrivals: "weekly" as never })).toThrow('arrivals: "weekly" is not one of "uniform", "diurnal", "bursty"');
  });
});
