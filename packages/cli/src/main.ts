// The `schedkit` executable: wires run() to the process.
import { run, type CliIO } from "./cli.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

// `schedkit ... | head` closes the pipe early; that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const io: CliIO = { stdout: process.stdout, stderr: process.stderr, readStdin, env: process.env, cwd: process.cwd() };
// Exit by exitCode, not process.exit(), so buffered output to pipes is flushed.
process.exitCode = await run(process.argv.slice(2), io);
