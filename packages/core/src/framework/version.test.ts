// The default release (what a caller without `kubernetesVersion` gets) is the newest one schedkit models: the
// newest release the option accepts, the last column of the feature-gate table and the kube-scheduler that
// conformance/ links. A new release added to one of them without the others fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS, parseKubeVersion } from "./version.js";

const repo = (path: string) => readFileSync(new URL(`../../../../${path}`, import.meta.url), "utf8");
const defaultMinor = parseKubeVersion(DEFAULT_KUBERNETES_VERSION).minor;

describe("the default release is the newest one schedkit models", () => {
  it("is the newest release kubernetesVersion accepts", () => {
    expect(() => parseKubeVersion(`1.${defaultMinor}`)).not.toThrow();
    expect(() => parseKubeVersion(`1.${defaultMinor + 1}`)).toThrow(`"1.${defaultMinor + 1}" is outside the supported releases 1.30–1.${defaultMinor}`);
  });

  it("is the last of SUPPORTED_KUBERNETES_VERSIONS, every one of which kubernetesVersion accepts and no other", () => {
    expect(SUPPORTED_KUBERNETES_VERSIONS.at(-1)).toBe(DEFAULT_KUBERNETES_VERSION);
    for (const v of SUPPORTED_KUBERNETES_VERSIONS) expect(() => parseKubeVersion(v)).not.toThrow();
    const oldest = parseKubeVersion(SUPPORTED_KUBERNETES_VERSIONS[0]).minor;
    expect(() => parseKubeVersion(`1.${oldest - 1}`)).toThrow("is outside the supported releases");
    expect(SUPPORTED_KUBERNETES_VERSIONS).toHaveLength(defaultMinor - oldest + 1);
  });

  it("is a minor without a patch: the latest patch of that release", () => {
    expect(parseKubeVersion(DEFAULT_KUBERNETES_VERSION)).toEqual({ minor: defaultMinor, patch: Number.MAX_SAFE_INTEGER });
  });

  it("is the last release of the feature-gate table (README; features.test.ts checks it against featureGateTable)", () => {
    const header = repo("README.md").split("### Feature gates per release")[1]!.split("\n").find((l) => l.startsWith("| gate |"))!;
    const releases = header.split("|").map((c) => c.trim()).filter((c) => /^1\.\d+$/.test(c));
    expect(releases.at(-1)).toBe(DEFAULT_KUBERNETES_VERSION);
  });

  it("is the release of the kube-scheduler conformance/ links (conformance/go.mod's k8s.io/kubernetes)", () => {
    const linked = /^\s*k8s\.io\/kubernetes v1\.(\d+)\.\d+$/m.exec(repo("conformance/go.mod"));
    expect(linked, "conformance/go.mod requires k8s.io/kubernetes").not.toBeNull();
    expect(Number(linked![1])).toBe(defaultMinor);
  });
});
