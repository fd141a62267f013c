// The process surface the commands use, injectable so tests run them in-process and capture output.

/** A writable text stream (process.stdout / process.stderr or a test buffer). */
export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Everything a command touches outside its arguments. */
export interface CliIO {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  /** The whole of standard input (read when a file argument is `-`). */
  readStdin(): Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative file arguments are resolved against this directory. */
  readonly cwd: string;
}

/** ANSI styling that collapses to plain text when colour is off. */
export interface Palette {
  readonly enabled: boolean;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

/** Colour only on a terminal, and never when NO_COLOR is set to a non-empty value (no-color.org). */
export function colorEnabled(stream: OutStream, env: CliIO["env"]): boolean {
  const noColor = env["NO_COLOR"];
  return stream.isTTY === true && (noColor === undefined || noColor === "");
}

export function palette(enabled: boolean): Palette {
  if (!enabled) return { enabled, green: plain, red: plain, yellow: plain, dim: plain, bold: plain };
  return { enabled, green: sgr(32, 39), red: sgr(31, 39), yellow: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}

// Display width ignores SGR sequences, so coloured cells still align.
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

export function visibleLength(s: string): number {
  return s.includes("\u001b") ? s.replace(SGR, "").length : s.length;
}
