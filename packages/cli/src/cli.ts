// The schedkit program: `run(argv, io)` parses arguments, runs one command and returns the exit code.
// Nothing here touches `process`, so tests call it in-process with captured streams.
import { Command, CommanderError } from "commander";
import { SchedkitError } from "@schedkit/core";
import { version } from "../package.json";
import { registerCapacity } from "./commands/capacity.js";
import { registerCompare } from "./commands/compare.js";
import { registerDemo } from "./commands/demo.js";
import { registerExplain } from "./commands/explain.js";
import { registerOvercommit } from "./commands/overcommit.js";
import { registerSchedule } from "./commands/schedule.js";
import { CliError } from "./errors.js";
import { colorEnabled, type CliIO } from "./io.js";
import { terminalSafe } from "./terminal.js";

export type { CliIO } from "./io.js";

/** What a command's action needs: the streams and a way to set the exit code. */
export interface CommandContext {
  readonly io: CliIO;
  setExitCode(code: number): void;
}

/** Exit code for bad input (unreadable files, malformed objects, bad flags). */
const EXIT_BAD_INPUT = 1;

function program(ctx: CommandContext): Command {
  const { io } = ctx;
  const p = new Command("schedkit")
    .description("Reproduce kube-scheduler placement decisions and layered CPU overcommit, offline.")
    .version(version, "-V, --version", "print the schedkit version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
      getOutHasColors: () => colorEnabled(io.stdout, io.env),
      getErrHasColors: () => colorEnabled(io.stderr, io.env),
    })
    .addHelpText(
      "after",
      `
Examples:
  schedkit demo
  kubectl get nodes,pods -A -o json | schedkit schedule - --explain
  schedkit schedule cluster.yaml --pod web.yaml --replicas 500
  schedkit capacity cluster.json --cpu 500m --memory 1Gi
  schedkit explain cluster.json --pod shop/web-7
  schedkit overcommit inventory.yaml
  schedkit compare --cluster cluster.json --workload day.yaml --profile least.yaml --profile most.yaml`,
    );
  // Subcommands created with .command() inherit the output and exit settings above.
  registerSchedule(p, ctx);
  registerCapacity(p, ctx);
  registerExplain(p, ctx);
  registerDemo(p, ctx);
  registerOvercommit(p, ctx);
  registerCompare(p, ctx);
  return p;
}

/**
 * Runs schedkit with `argv` (the arguments after the program name). Returns the exit code: 0 success,
 * 1 bad input or usage (message on stderr, no stack trace), 2 a completed run that found unschedulable
 * pods (schedule, demo) or findings (overcommit).
 */
export async function run(argv: readonly string[], raw: CliIO): Promise<number> {
  // Every command's text output is terminal-safe, whoever wrote the command (terminal.ts).
  const io: CliIO = {
    ...raw,
    stdout: terminalSafe(raw.stdout, colorEnabled(raw.stdout, raw.env)),
    stderr: terminalSafe(raw.stderr, colorEnabled(raw.stderr, raw.env)),
  };
  let exitCode = 0;
  const ctx: CommandContext = {
    io,
    setExitCode: (c) => {
      exitCode = c;
    },
  };
  try {
    await program(ctx).parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (e) {
    // Commander already printed usage errors; help and --version arrive here with exit code 0.
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof SchedkitError || e instanceof CliError) {
      io.stderr.write(`schedkit: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr.write(`schedkit: internal error: ${err.message}\n`);
    if (io.env["SCHEDKIT_DEBUG"] !== undefined && err.stack !== undefined) io.stderr.write(`${err.stack}\n`);
    else io.stderr.write("schedkit: this is a bug; set SCHEDKIT_DEBUG=1 for the stack trace\n");
    return EXIT_BAD_INPUT;
  }
}
