// The kube-scheduler oracle (conformance/bin/oracle) as one long-lived process: scenarios go in as JSON
// lines, answers come back one line each (the oracle flushes per scenario), so a whole test run, shrinking
// included, talks to a single process.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ORACLE_BIN = fileURLToPath(new URL("../bin/oracle", import.meta.url));

/** A framework Status as the oracle prints it. */
export interface OracleStatus {
  readonly code: string;
  readonly plugin?: string;
  readonly reasons?: readonly string[];
}

/** One pod's verdict (conformance/README.md "Output format"). */
export interface OraclePodResult {
  readonly pod: string;
  readonly status: "Scheduled" | "Unschedulable" | "Error" | "Gated" | "Skipped";
  readonly error?: string;
  readonly preEnqueue?: OracleStatus;
  readonly preFilter?: OracleStatus;
  readonly preFilterResult?: readonly string[];
  readonly nominatedNodeFastPath?: boolean;
  readonly filter: Readonly<Record<string, OracleStatus>>;
  readonly scores: Readonly<Record<string, Readonly<Record<string, { readonly raw: number; readonly normalized: number }>>>>;
  readonly weights: Readonly<Record<string, number>>;
  readonly totals: Readonly<Record<string, number>>;
  readonly topNodes: readonly string[];
  readonly chosen?: string;
  readonly message?: string;
  readonly nominatedNode?: string;
  /** The pods DefaultPreemption's executor deleted in this cycle ("namespace/name"; whole-dump mode: over all its cycles). */
  readonly victims?: readonly string[];
}

/** The oracle's answer for one scenario. */
export interface OracleOutput {
  readonly id?: unknown;
  readonly kubernetesVersion: string;
  readonly error?: string;
  readonly results: readonly OraclePodResult[];
}

/** A scenario in the oracle's input format. */
export interface OracleScenario {
  readonly id?: unknown;
  readonly nodes: readonly object[];
  readonly existingPods?: readonly object[];
  readonly pods: readonly object[];
  readonly namespaces?: readonly object[];
  /** Admission resolves the pods' priorityClassName against these (plus the built-in system classes). */
  readonly priorityClasses?: readonly object[];
  /** PodTopologySpread's default selectors. */
  readonly services?: readonly object[];
  readonly replicationControllers?: readonly object[];
  readonly replicaSets?: readonly object[];
  readonly statefulSets?: readonly object[];
  /** DefaultPreemption's victim selection. */
  readonly podDisruptionBudgets?: readonly object[];
  /** DRAExtendedResource: the extended resources DRA backs. */
  readonly deviceClasses?: readonly object[];
  /** DRA: the devices the allocator and the DRA-backed extended-resource scorers read, and claims holding some. */
  readonly resourceSlices?: readonly object[];
  readonly resourceClaims?: readonly object[];
  readonly profile?: object;
  readonly percentageOfNodesToScore?: number;
  readonly applyDefaults?: boolean;
}

/**
 * A running oracle; `run` answers one scenario, calls are served in order. `new Oracle(["-run"])` is the
 * whole-dump mode's stream (`oracle -run -`), asked with `ask`.
 */
export class Oracle {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly waiting: { resolve: (o: unknown) => void; reject: (e: Error) => void }[] = [];
  private buffer = "";
  private stderr = "";
  private exited: Error | null = null;
  /** Scenarios answered so far. */
  count = 0;

  constructor(args: readonly string[] = []) {
    this.proc = spawn(ORACLE_BIN, [...args, "-"], { stdio: ["pipe", "pipe", "pipe"] });
    this.proc.stdout.setEncoding("utf8");
    this.proc.stdout.on("data", (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf("\n")) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        if (line.trim() === "") continue;
        const w = this.waiting.shift();
        if (w === undefined) throw new Error(`oracle: unexpected output ${line.slice(0, 200)}`);
        this.count++;
        w.resolve(JSON.parse(line));
      }
    });
    this.proc.stderr.setEncoding("utf8");
    this.proc.stderr.on("data", (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.proc.on("exit", (code, signal) => {
      this.exited = new Error(`oracle exited (${code ?? signal}): ${this.stderr}`);
      for (const w of this.waiting.splice(0)) w.reject(this.exited);
    });
  }

  run(scenario: OracleScenario): Promise<OracleOutput> {
    return this.ask<OracleOutput>(scenario);
  }

  /** One request line, one answer line. */
  ask<T>(request: object): Promise<T> {
    if (this.exited !== null) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve: resolve as (o: unknown) => void, reject });
      this.proc.stdin.write(JSON.stringify(request) + "\n");
    });
  }

  /** Answers many scenarios, pipelined (the oracle reads ahead while Node serializes the next ones). */
  runAll(scenarios: readonly OracleScenario[]): Promise<OracleOutput[]> {
    return Promise.all(scenarios.map((s) => this.run(s)));
  }

  close(): Promise<void> {
    if (this.exited !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.proc.on("exit", () => resolve());
      this.proc.stdin.end();
    });
  }
}
