// schedkit demo: `schedule --explain` on a small bundled cluster (six nodes, six pending pods).
import type { Command } from "commander";
import demoCluster from "./demo-cluster.json";
import { addSchedulerOptions, runSchedule, type ScheduleOptions } from "./schedule.js";
import type { CommandContext } from "../cli.js";

/** The bundled cluster (a `kubectl get nodes,pods -o json` List), inlined into the build. */
export const DEMO_CLUSTER: unknown = demoCluster;

export function registerDemo(program: Command, ctx: CommandContext): void {
  addSchedulerOptions(
    program
      .command("demo")
      .description("schedule the pending pods of a bundled demo cluster and explain every decision")
      .option("--print-cluster", "print the demo cluster JSON (to try `schedkit schedule` on it) and exit"),
  )
    .addHelpText(
      "after",
      `
Same as \`schedkit schedule <demo-cluster.json> --explain\`; --json prints the machine output instead.

Examples:
  schedkit demo
  schedkit demo --tie-break first
  schedkit demo --print-cluster > cluster.json && schedkit schedule cluster.json`,
    )
    .action(async (opts: ScheduleOptions & { printCluster?: boolean }) => {
      if (opts.printCluster === true) {
        ctx.io.stdout.write(`${JSON.stringify(DEMO_CLUSTER, null, 1)}\n`);
        return;
      }
      const explain = opts.json !== true || opts.explain === true;
      ctx.setExitCode(await runSchedule([{ value: DEMO_CLUSTER, label: "demo-cluster.json" }], { ...opts, explain }, ctx.io));
    });
}
