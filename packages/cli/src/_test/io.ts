// In-memory CliIO for tests: captured stdout/stderr, scripted stdin.
import type { CliIO } from "../io.js";

/** A CliIO whose output is collected in strings. */
export interface MemoryIO extends CliIO {
  out(): string;
  err(): string;
}

export function memoryIO(options: { stdin?: string; env?: Record<string, string>; tty?: boolean; cwd?: string } = {}): MemoryIO {
  let out = "";
  let err = "";
  const tty = options.tty === true;
  return {
    stdout: { write: (s: string) => (out += s), isTTY: tty, columns: 100 },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    readStdin: () => Promise.resolve(options.stdin ?? ""),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    out: () => out,
    err: () => err,
  };
}
