import { describe, expect, it } from "vitest";
import { loadFixture } from "../_test/fixtures.js";
import { caseTable } from "../_test/single-plugin.js";
import { fakeContainer, fakeNode, fakePod, pluginOf, podInfo, scoreAll, snapshotOf } from "../_test/plugin-fakes.js";
import type { ContainerImage, Pod } from "../model/types.js";
import { MAX_CONTAINER_THRESHOLD, MIN_THRESHOLD, calculatePriority, imageLocality, normalizedImageName } from "./imagelocality.js";

const MB = 1024 * 1024;
const img = (sizeBytes: number, ...names: string[]): ContainerImage => ({ names, sizeBytes });
const podOf = (images: string[], initImages: string[] = []): Pod =>
  fakePod({ containers: images.map((image) => fakeContainer({ image })), initContainers: initImages.map((image) => fakeContainer({ image })) });

describe("normalizedImageName", () => {
  it.each([
    { name: "no tag gets :latest", input: "nginx", want: "nginx:latest" },
    { name: "a registry port is not a tag", input: "reg:5000/nginx", want: "reg:5000/nginx:latest" },
    { name: "a tag is kept", input: "reg:5000/nginx:1.2", want: "reg:5000/nginx:1.2" },
    { name: "a digest is kept", input: "nginx@sha256:abc", want: "nginx@sha256:abc" },
    { name: "the empty image gets :latest", input: "", want: ":latest" },
  ])("$name", ({ input, want }) => {
    expect(normalizedImageName(input)).toBe(want);
  });
});

describe("calculatePriority", () => {
  // score = 100 * (clamp(sum) - 23 MiB) / (1000 MiB * containers - 23 MiB), int64 division.
  it.each([
    { name: "below the minimum scores 0", sum: MIN_THRESHOLD - 1, containers: 1, want: 0 },
    { name: "at the maximum scores 100", sum: MAX_CONTAINER_THRESHOLD, containers: 1, want: 100 },
    { name: "above the maximum clamps to 100", sum: 5 * MAX_CONTAINER_THRESHOLD, containers: 2, want: 100 },
    { name: "in between truncates: 100*(250-23)/977 = 23.2", sum: 250 * MB, containers: 1, want: 23 },
    { name: "more containers raise the maximum: 100*(250-23)/1977 = 11.5", sum: 250 * MB, containers: 2, want: 11 },
    { name: "a pod without containers scores 0", sum: 0, containers: 0, want: 0 },
  ])("$name", ({ sum, containers, want }) => {
    expect(calculatePriority(sum, containers)).toBe(want);
  });
});

describe("ImageLocality Score", () => {
  it("scales each image by the share of all nodes holding it", () => {
    // 500 MiB on one node of two: spread 1/2, sum 250 MiB, score 23 (see calculatePriority).
    const snap = snapshotOf([fakeNode({ name: "a", images: [img(500 * MB, "app:v1")] }), fakeNode({ name: "b" })]);
    expect(scoreAll(pluginOf(imageLocality), podInfo(podOf(["app:v1"])), snap)).toEqual({ preScore: "Success", raw: [23, 0], normalized: [23, 0] });
  });

  it("counts all snapshot nodes, not only the feasible ones", () => {
    const snap = snapshotOf([fakeNode({ name: "a", images: [img(500 * MB, "app:v1")] }), fakeNode({ name: "b" })]);
    expect(scoreAll(pluginOf(imageLocality), podInfo(podOf(["app:v1"])), snap, [snap.nodes[0]!]).raw).toEqual([23]);
  });

  it("matches the pod's image after normalization against the node's names as listed", () => {
    // "app" normalizes to "app:latest", held by one node of two: 500 MiB → 100*(500-23)/977 = 48.8.
    const snap = snapshotOf([fakeNode({ name: "a", images: [img(1000 * MB, "app:latest")] }), fakeNode({ name: "b", images: [img(1000 * MB, "app")] })]);
    expect(scoreAll(pluginOf(imageLocality), podInfo(podOf(["app"])), snap).raw).toEqual([48, 0]);
  });

  it("sums init containers and counts them in the maximum", () => {
    // Init 1000 MiB + app 1000 MiB on the only node: sum 2000 MiB = 1000 MiB * 2 containers → 100.
    const snap = snapshotOf([fakeNode({ images: [img(1000 * MB, "init:1"), img(1000 * MB, "app:1")] })]);
    expect(scoreAll(pluginOf(imageLocality), podInfo(podOf(["app:1"], ["init:1"])), snap).raw).toEqual([100]);
    // Without the init image the maximum still counts 2 containers: 100*(1000-23)/1977 = 49.4.
    expect(scoreAll(pluginOf(imageLocality), podInfo(podOf(["app:1"], ["other:1"])), snap).raw).toEqual([49]);
  });
});

describe("normalizedImageName fixture rows", () => {
  // The same rows run through schedule() in imagelocality.fixtures.test.ts; here the function is checked directly.
  const rows = loadFixture("image_locality.json").cases.filter((c: { kind?: string }) => c.kind === "normalizedImageName");
  it.each(caseTable(rows))("%s", (_n, c) => {
    expect(normalizedImageName(c.input)).toBe(c.expected.output);
  });
});
