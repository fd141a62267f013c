import { describe, expect, it } from "vitest";
import { podRequests } from "../index.js";

const podWith = (resources: object, init = false) => ({
  metadata: { name: "p" },
  spec: init
    ? { initContainers: [{ name: "i", resources }], containers: [{ name: "c", resources: {} }] }
    : { containers: [{ name: "c", resources }] },
});

describe("SetDefaults_Pod: requests default to limits", () => {
  it("a container with only limits requests its limits", () => {
    expect(podRequests(podWith({ limits: { cpu: "2", memory: "1Gi" } })).requested).toMatchObject({ cpu: 2000, memory: 1073741824 });
  });

  it("an explicit request is kept; only missing keys are filled", () => {
    expect(podRequests(podWith({ requests: { cpu: "500m" }, limits: { cpu: "2", memory: "1Gi" } })).requested).toMatchObject({
      cpu: 500,
      memory: 1073741824,
    });
  });

  it("applies to init containers too", () => {
    expect(podRequests(podWith({ limits: { cpu: "3" } }, true)).requested).toMatchObject({ cpu: 3000 });
  });

  it("a limits-only container is not a best-effort pod for the non-zero scoring defaults", () => {
    expect(podRequests(podWith({ limits: { cpu: "2" } })).nonZeroRequested).toEqual({ cpu: 2000, memory: 200 * 1024 * 1024 });
  });
});
