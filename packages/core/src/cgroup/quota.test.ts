import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import {
  formatCpuMax,
  MAX_MILLI_CPU,
  MAX_QUOTA_PERIOD,
  milliCPUToQuota,
  MIN_MILLI_CPU_LIMIT,
  MIN_QUOTA_PERIOD,
  parseCpuMax,
  QUOTA_PERIOD,
  quotaToMilliCPU,
} from "./index.js";
import { SchedkitError } from "../index.js";
import { kernelRunParameters } from "../_test/long.js";

interface QuotaCase {
  milliCPU: number;
  period_us: number;
  quota_us: number;
  source: string;
}
interface GateOffCase {
  milliCPU: number;
  configured_period_us: number;
  quota_us: number;
  period_written_us: number;
  source: string;
}

const fixture = loadFixture<{ milliCPUToQuota: { cases: QuotaCase[]; gate_disabled_cases: GateOffCase[] } }>("cgroup_vectors.json")
  .milliCPUToQuota;

describe("MilliCPUToQuota", () => {
  const counter = fixtureCounter("cgroup_vectors.json milliCPUToQuota", 23);
  it.each(fixture.cases)("$milliCPU m at period $period_us µs → quota $quota_us ($source)", (c) => {
    // The table's custom periods only apply with CustomCPUCFSQuotaPeriod on.
    expect(milliCPUToQuota(c.milliCPU, c.period_us, { customCPUCFSQuotaPeriod: true })).toBe(c.quota_us);
    if (c.period_us === QUOTA_PERIOD) expect(milliCPUToQuota(c.milliCPU)).toBe(c.quota_us);
    counter.ran();
  });

  const gateOff = fixtureCounter("cgroup_vectors.json milliCPUToQuota.gate_disabled_cases", 3);
  it.each(fixture.gate_disabled_cases)(
    "gate off: $milliCPU m with configured period $configured_period_us → quota $quota_us over 100 ms ($source)",
    (c) => {
      expect(milliCPUToQuota(c.milliCPU, c.configured_period_us)).toBe(c.quota_us);
      expect(milliCPUToQuota(c.milliCPU, c.configured_period_us, { customCPUCFSQuotaPeriod: false })).toBe(c.quota_us);
      // The configured period is what gets written beside that quota.
      expect(formatCpuMax(c.quota_us, c.configured_period_us)).toBe(`${c.quota_us} ${c.period_written_us}`);
      gateOff.ran();
    },
  );

  it("floors every non-zero limit at MIN_QUOTA_PERIOD; MIN_MILLI_CPU_LIMIT is the first limit above the floor at 100 ms", () => {
    expect(milliCPUToQuota(MIN_MILLI_CPU_LIMIT)).toBe(MIN_QUOTA_PERIOD);
    expect(milliCPUToQuota(MIN_MILLI_CPU_LIMIT + 1)).toBeGreaterThan(MIN_QUOTA_PERIOD);
  });

  it("matches exact integer arithmetic over the whole domain", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_MILLI_CPU }), fc.integer({ min: MIN_QUOTA_PERIOD, max: MAX_QUOTA_PERIOD }), (m, p) => {
        const exact = Number((BigInt(m) * BigInt(p)) / 1000n);
        expect(milliCPUToQuota(m, p, { customCPUCFSQuotaPeriod: true })).toBe(Math.max(MIN_QUOTA_PERIOD, exact));
      }),
      kernelRunParameters(2000),
    );
  });

  it("is exact at the top of the domain", () => {
    expect(milliCPUToQuota(MAX_MILLI_CPU, MAX_QUOTA_PERIOD, { customCPUCFSQuotaPeriod: true })).toBe(MAX_MILLI_CPU * 1000);
  });

  it.each([
    ["negative milliCPU", () => milliCPUToQuota(-1), /milliCPU/],
    ["fractional milliCPU", () => milliCPUToQuota(0.5), /milliCPU/],
    ["milliCPU above the domain", () => milliCPUToQuota(MAX_MILLI_CPU + 1), /milliCPU/],
    ["period below 1 ms", () => milliCPUToQuota(100, 999, { customCPUCFSQuotaPeriod: true }), /period/],
    ["period above 1 s", () => milliCPUToQuota(100, 1000001, { customCPUCFSQuotaPeriod: true }), /period/],
    ["NaN period", () => milliCPUToQuota(100, Number.NaN), /period/],
    ["non-boolean gate", () => milliCPUToQuota(100, QUOTA_PERIOD, { customCPUCFSQuotaPeriod: 1 as unknown as boolean }), /customCPUCFSQuotaPeriod/],
  ])("rejects %s", (_name, fn, msg) => {
    expect(fn).toThrow(SchedkitError);
    expect(fn).toThrow(msg);
  });
});

describe("QuotaToMilliCPU", () => {
  // docs/cgroup-overcommit.md §1.2: quota × 1000 // period, or 0 for quota −1.
  it.each([
    [-1, QUOTA_PERIOD, 0],
    [0, QUOTA_PERIOD, 0],
    [20000, QUOTA_PERIOD, 200],
    [150000, QUOTA_PERIOD, 1500],
    [1000, 5000, 200],
    [33333, QUOTA_PERIOD, 333],
  ])("quota %i over period %i → %i m", (quota, period, milli) => {
    expect(quotaToMilliCPU(quota, period)).toBe(milli);
  });

  it("inverts MilliCPUToQuota above the 1 ms floor", () => {
    for (const m of fixture.cases) {
      if (m.quota_us > MIN_QUOTA_PERIOD && m.period_us >= MIN_QUOTA_PERIOD) {
        expect(quotaToMilliCPU(m.quota_us, m.period_us)).toBe(m.milliCPU);
      }
    }
  });

  it.each([
    [-2, QUOTA_PERIOD],
    [1.5, QUOTA_PERIOD],
    [1000, 0],
  ])("rejects quota %s with period %s", (q, p) => {
    expect(() => quotaToMilliCPU(q, p)).toThrow(SchedkitError);
  });
});

describe("cpu.max", () => {
  it.each([
    [-1, QUOTA_PERIOD, "max 100000"],
    [0, QUOTA_PERIOD, "max 100000"],
    [20000, QUOTA_PERIOD, "20000 100000"],
    [20000, 5000, "20000 5000"],
    [1000, 5000, "1000 5000"],
  ])("formats quota %i period %i as %j", (quota, period, text) => {
    expect(formatCpuMax(quota, period)).toBe(text);
    expect(parseCpuMax(text)).toEqual({ quota: quota === 0 ? -1 : quota, period });
    expect(parseCpuMax(`${text}\n`)).toEqual({ quota: quota === 0 ? -1 : quota, period });
  });

  it("defaults the period to 100 ms", () => {
    expect(formatCpuMax(-1)).toBe("max 100000");
  });

  it.each([
    ["quota below 1 ms", () => formatCpuMax(999), /quota/],
    ["quota below -1", () => formatCpuMax(-2), /quota/],
    ["period above 1 s", () => formatCpuMax(5000, 2000000), /period/],
  ])("formatCpuMax rejects %s", (_n, fn, msg) => {
    expect(fn).toThrow(msg);
  });

  it.each(["", "max", "20000", "max  100000", "-1 100000", "20000 100", "500 100000", "1e5 100000", 7 as unknown as string])(
    "parseCpuMax rejects %j",
    (text) => {
      expect(() => parseCpuMax(text)).toThrow(SchedkitError);
    },
  );
});
