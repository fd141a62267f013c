import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as host from "./layout.js";

// assembly/layout.ts and src/layout.ts describe the same ABI from both sides.
const kernelSource = readFileSync(new URL("../assembly/layout.ts", import.meta.url), "utf8");
const kernelConstants = new Map(
  [...kernelSource.matchAll(/export const (\w+): (?:i32|f64) = ([-\d.]+);/g)].map((m) => [m[1]!, Number(m[2])] as const),
);

describe("layout", () => {
  it("the kernel's constants are the host's, name for name", () => {
    expect(kernelConstants.size).toBeGreaterThan(60);
    for (const [name, value] of kernelConstants) {
      if (name === "MAX_NODE_SCORE" || name === "MAX_RESOURCE_VALUE") continue;
      expect([name, (host as Record<string, unknown>)[name]]).toEqual([name, value]);
    }
  });

  it("the kernel's exact-domain bound is the core's MAX_RESOURCE_VALUE", async () => {
    const { MAX_RESOURCE_VALUE } = await import("@schedkit/core");
    expect(kernelConstants.get("MAX_RESOURCE_VALUE")).toBe(MAX_RESOURCE_VALUE);
  });
});
