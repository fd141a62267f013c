// The playground page: reads the three inputs, runs the WASM engines, renders. Everything stays in the page.
import { createWasmCpuEngine, createWasmEngine, type WasmCpuEngine, type WasmEngine } from "@schedkit/asm";
import { DEFAULT_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS, SchedkitError, type RunResult } from "@schedkit/core";
import type { LayeredInventory } from "@schedkit/core/overcommit";
import demoCluster from "../../cli/src/commands/demo-cluster.json?raw";
import demoManifests from "./examples/manifests.yaml?raw";
import demoInventory from "./examples/inventory.json?raw";
import { InputError, buildCluster, parseDocuments, runAll, scoreTable, type SortKey } from "./model.js";
import { renderLayered, renderPlacements, renderScores, renderSummary, renderUsage } from "./render.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const inputs = { cluster: $<HTMLTextAreaElement>("cluster"), manifests: $<HTMLTextAreaElement>("manifests"), inventory: $<HTMLTextAreaElement>("inventory") };
const errorBox = $<HTMLParagraphElement>("error");
const podSelect = $<HTMLSelectElement>("pod");
const versionSelect = $<HTMLSelectElement>("version");
// The releases whose behaviour schedkit reproduces (framework/version.ts).
for (const v of SUPPORTED_KUBERNETES_VERSIONS) versionSelect.append(new Option(v, v, false, v === DEFAULT_KUBERNETES_VERSION));

let engines: { scheduler: WasmEngine; cpu: WasmCpuEngine } | null = null;
let run: RunResult | null = null;
let sort: { key: SortKey; descending: boolean } = { key: "total", descending: true };

function showError(message: string | null): void {
  errorBox.hidden = message === null;
  errorBox.textContent = message ?? "";
}

function selectPod(pod: string): void {
  if (run === null) return;
  const r = run.results.find((x) => x.pod === pod);
  if (r === undefined) return;
  podSelect.value = pod;
  document.querySelectorAll("#placements tr.selected").forEach((e) => e.classList.remove("selected"));
  document.querySelector(`#placements tr[data-pod="${CSS.escape(pod)}"]`)?.classList.add("selected");
  renderScores($("scores"), scoreTable(r), sort, (key) => {
    sort = { key, descending: sort.key === key ? !sort.descending : key !== "node" && key !== "filter" };
    selectPod(pod);
  });
}

function layered(text: string): ReturnType<WasmCpuEngine["layeredReport"]> | null {
  const docs = parseDocuments(text, "inventory");
  if (docs.length === 0) return null;
  return engines!.cpu.layeredReport(docs[0]!.value as LayeredInventory);
}

function schedule(): void {
  if (engines === null) return;
  try {
    const t0 = performance.now();
    const cluster = buildCluster(inputs.cluster.value, inputs.manifests.value);
    const seed = Number($<HTMLInputElement>("seed").value);
    run = runAll(engines.scheduler, cluster, { seed: Number.isSafeInteger(seed) ? seed : 0, kubernetesVersion: versionSelect.value });
    const ms = performance.now() - t0;
    renderSummary($("summary"), run, cluster.nodes.length, `WASM (${engines.scheduler.flavor})`, ms);
    renderPlacements($("placements"), run.results, selectPod);
    podSelect.replaceChildren(...run.results.map((r) => new Option(r.pod, r.pod)));
    renderUsage($("usage"), run.summary.nodes);
    renderLayered($("layered"), layered(inputs.inventory.value));
    const first = run.results.find((r) => r.status === "Scheduled") ?? run.results[0];
    if (first !== undefined) selectPod(first.pod);
    else $("scores").replaceChildren();
    showError(null);
    document.body.dataset["state"] = "done";
  } catch (e) {
    if (e instanceof InputError || e instanceof SchedkitError) showError(e.message);
    else showError(`unexpected error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    document.body.dataset["state"] = "error";
  }
}

function loadExample(): void {
  inputs.cluster.value = demoCluster;
  inputs.manifests.value = demoManifests;
  inputs.inventory.value = JSON.stringify(JSON.parse(demoInventory), null, 1);
  schedule();
}

// Dropping files on a text area replaces its text with theirs (several files become YAML documents).
for (const area of Object.values(inputs)) {
  area.addEventListener("dragover", (e) => {
    e.preventDefault();
    area.classList.add("over");
  });
  area.addEventListener("dragleave", () => area.classList.remove("over"));
  area.addEventListener("drop", (e) => {
    e.preventDefault();
    area.classList.remove("over");
    const files = [...(e.dataTransfer?.files ?? [])];
    void Promise.all(files.map((f) => f.text())).then((texts) => {
      area.value = texts.join("\n---\n");
      schedule();
    });
  });
}

$("run").addEventListener("click", schedule);
versionSelect.addEventListener("change", schedule);
$("example").addEventListener("click", loadExample);
podSelect.addEventListener("change", () => selectPod(podSelect.value));

Promise.all([createWasmEngine(), createWasmCpuEngine()]).then(
  ([scheduler, cpu]) => {
    engines = { scheduler, cpu };
    $("engine").textContent = `engine: @schedkit/asm, WebAssembly ${scheduler.flavor === "simd" ? "SIMD" : "scalar"} build`;
    loadExample();
  },
  (e: unknown) => showError(`the WebAssembly engine did not load: ${e instanceof Error ? e.message : String(e)}`),
);
