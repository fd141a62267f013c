// schedkit demo: the incident this library exists for, on an embedded 100-node cluster (see demo/incident.ts).
import type { Command } from "commander";
import { Option } from "commander";
import demoCluster from "./demo-cluster.json";
import { colorEnabled, palette } from "../io.js";
import { incidentCluster } from "../demo/incident-cluster.js";
import { runIncident } from "../demo/incident.js";
import { renderIncident } from "../demo/render.js";
import { engineFor, integerFlag } from "./schedule.js";
import { cpuEngineFor } from "./overcommit.js";
import type { CommandContext } from "../cli.js";

/** The small six-node cluster of the explain examples (a `kubectl get nodes,pods -o json` List), inlined into the build. */
export const DEMO_CLUSTER: unknown = demoCluster;

export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command("demo")
    .description("replay the api-gateway incident on an embedded 100-node cluster: HPA scale-up, the first Insufficient cpu, capacity, nodes to add, real CPU")
    .option("--print-cluster", "print the embedded cluster (a kubectl List, to try other commands on it) and exit")
    .option("--seed <n>", "seed of the random tie-break, an integer 0..4294967295 (default: 1)")
    .addOption(new Option("--engine <engine>", "scheduling and layered-report engine: WebAssembly (default) or the TypeScript reference; same results").choices(["wasm", "ts"]).default("wasm"))
    .option("--json", "machine output: every step's numbers")
    .addHelpText(
      "after",
      `
Examples:
  schedkit demo
  schedkit demo --json | jq '.steps'
  schedkit demo --print-cluster > cluster.json && schedkit capacity cluster.json --cpu 200m --memory 256Mi`,
    )
    .action((opts: { printCluster?: boolean; seed?: string; engine?: string; json?: boolean }) => {
      const engine = engineFor(opts.engine);
      if (opts.printCluster === true) {
        ctx.io.stdout.write(`${JSON.stringify(incidentCluster(engine), null, 1)}\n`);
        return;
      }
      const incident = runIncident(engine, integerFlag("--seed", opts.seed, 0, 2 ** 32 - 1) ?? 1, cpuEngineFor(opts.engine));
      if (opts.json === true) ctx.io.stdout.write(`${JSON.stringify(incident, null, 2)}\n`);
      else ctx.io.stdout.write(`${renderIncident(incident, palette(colorEnabled(ctx.io.stdout, ctx.io.env))).join("\n")}\n`);
    });
}
