import { describe, expect, it } from "vitest";
import { fakeContainer, fakeNode, fakePod, pluginOf, podInfo, snapshotOf } from "../_test/plugin-fakes.js";
import { CycleState } from "../framework/interfaces.js";
import { SUCCESS } from "../framework/status.js";
import type { ContainerPort, Pod } from "../model/types.js";
import { ERR_REASON, NAME, fits, nodePorts } from "./nodeports.js";

const port = (hostPort: number, protocol = "", hostIP = ""): ContainerPort => ({ hostIP, hostPort, protocol, containerPort: 80 });
const withPorts = (ports: ContainerPort[], extra: Partial<Pod> = {}) => fakePod({ containers: [fakeContainer({ ports })], ...extra });

describe("NodePorts PreFilter", () => {
  it.each([
    { name: "no ports skip", pod: fakePod(), code: "Skip" },
    { name: "container ports without hostPort skip", pod: withPorts([port(0)]), code: "Skip" },
    { name: "a regular init container's host port does not count", pod: fakePod({ initContainers: [fakeContainer({ ports: [port(8001)] })] }), code: "Skip" },
    { name: "a sidecar's host port counts", pod: fakePod({ initContainers: [fakeContainer({ restartPolicy: "Always", ports: [port(8001)] })] }), code: "Success" },
    { name: "a container host port counts", pod: withPorts([port(8001)]), code: "Success" },
  ])("$name", ({ pod, code }) => {
    const r = pluginOf(nodePorts).preFilter!(new CycleState(), podInfo(pod), snapshotOf([fakeNode()]));
    expect(r.status.code).toBe(code);
    expect(r.nodeNames ?? null).toBeNull();
  });
});

describe("NodePorts Filter", () => {
  it.each([
    { name: "same port, protocol and IP conflict", want: port(80, "TCP", "127.0.0.1"), used: port(80, "TCP", "127.0.0.1"), ok: false },
    { name: "different protocols do not conflict", want: port(80, "UDP", "127.0.0.1"), used: port(80, "TCP", "127.0.0.1"), ok: true },
    { name: "different IPs do not conflict", want: port(80, "TCP", "127.0.0.1"), used: port(80, "TCP", "127.0.0.2"), ok: true },
    { name: "wanted 0.0.0.0 conflicts with any IP", want: port(80, "TCP", "0.0.0.0"), used: port(80, "TCP", "127.0.0.1"), ok: false },
    { name: "used 0.0.0.0 conflicts with any IP", want: port(80, "TCP", "10.0.0.1"), used: port(80, "TCP", "0.0.0.0"), ok: false },
    { name: "empty IP means 0.0.0.0 and empty protocol TCP", want: port(80), used: port(80, "TCP", "127.0.0.1"), ok: false },
    { name: "different ports do not conflict", want: port(81, "TCP", "127.0.0.1"), used: port(80, "TCP", "127.0.0.1"), ok: true },
  ])("$name", ({ want, used, ok }) => {
    const snap = snapshotOf([fakeNode()], [withPorts([used], { name: "existing", nodeName: "node" })]);
    const pod = podInfo(withPorts([want]));
    const status = pluginOf(nodePorts).filter!(new CycleState(), pod, snap.nodes[0]!);
    expect(fits(pod, snap.nodes[0]!)).toBe(ok);
    if (ok) expect(status).toBe(SUCCESS);
    else expect(status).toEqual({ code: "Unschedulable", reasons: [ERR_REASON], plugin: NAME });
  });

  it("ports of a bound pod's sidecar are in use; a regular init container's are not", () => {
    const bound = fakePod({
      name: "existing",
      nodeName: "node",
      initContainers: [fakeContainer({ ports: [port(9000)] }), fakeContainer({ restartPolicy: "Always", ports: [port(9001)] })],
    });
    const snap = snapshotOf([fakeNode()], [bound]);
    expect(fits(podInfo(withPorts([port(9000)])), snap.nodes[0]!)).toBe(true);
    expect(fits(podInfo(withPorts([port(9001)])), snap.nodes[0]!)).toBe(false);
  });
});
