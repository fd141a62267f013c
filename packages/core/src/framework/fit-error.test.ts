import { describe, expect, it } from "vitest";
import { fitErrorMessage, truncateEventMessage, type Status } from "../index.js";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";

const fx = loadFixture("failed_scheduling_message.json");

function status(s: { code: Status["code"]; reasons?: string[] } | undefined): Status | null {
  return s === undefined ? null : { code: s.code, reasons: s.reasons ?? [], plugin: "" };
}

describe("FitError.Error() (framework/types.go, docs/scheduler.md §7)", () => {
  const counter = fixtureCounter("failed_scheduling_message.json", fx.cases.length);
  for (const c of fx.cases) {
    it(c.name, () => {
      counter.ran();
      const i = c.input;
      const msg = fitErrorMessage({
        numAllNodes: i.numAllNodes,
        preFilterMsg: i.preFilterMsg,
        postFilterMsg: i.postFilterMsg,
        nodeStatuses: Object.values(i.nodeToStatus as Record<string, { code: Status["code"]; reasons: string[] }>).map((s) => status(s)!),
        absentNodesStatus: status(i.absentNodesStatus),
      });
      expect(msg).toBe(c.expected.message);
    });
  }
});

describe("event message truncation (schedule_one.go truncateMessage)", () => {
  it("keeps messages up to 1024 bytes", () => {
    const m = "x".repeat(1024);
    expect(truncateEventMessage(m)).toBe(m);
  });
  it("cuts longer messages to 1024 bytes ending in ' ...'", () => {
    const t = truncateEventMessage("y".repeat(2000));
    expect(t.length).toBe(1024);
    expect(t.endsWith("y ...")).toBe(true);
  });
});
