// Temporary input files for CLI tests.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/** A temp directory removed after the test file; `write(name, text)` returns `name` (run the CLI with cwd = dir). */
export function tempFiles(): { dir: string; write(name: string, text: string): string } {
  const dir = mkdtempSync(join(tmpdir(), "schedkit-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name, text) {
      const p = join(dir, name);
      writeFileSync(p, text);
      return name;
    },
  };
}

/** A v1.Node with the given allocatable cpu/memory (the kubelet's view), as kubectl prints it. */
export function kubeNode(name: string, cpu: string, memory: string): object {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name } },
    status: { allocatable: { cpu, memory, pods: "110" }, capacity: { cpu, memory, pods: "110" } },
  };
}

/** A v1.Pod with one container requesting `cpu` (and optionally memory); bound when nodeName is given. */
export function kubePod(name: string, cpu: string, nodeName?: string, namespace = "default"): object {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace },
    spec: {
      ...(nodeName === undefined ? {} : { nodeName }),
      containers: [{ name: "c", image: "busybox", resources: { requests: { cpu } } }],
    },
  };
}
