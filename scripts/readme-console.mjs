// Re-runs the `$ schedkit …` commands of a README's ```console blocks with the built CLI and pastes
// their current output (stdout, and stderr unless the command sends it to /dev/null), so the README
// shows what the build prints. `$ echo $?` lines get the previous command's exit code.
//   node scripts/readme-console.mjs packages/cli/README.md packages/cli/examples
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const [readme, cwdArg] = process.argv.slice(2);
const cwd = resolve(cwdArg ?? ".");
const main = resolve("packages/cli/dist/main.js");
const text = readFileSync(readme, "utf8");

let last = 0;
const out = text.replace(/```console\n([\s\S]*?)```/g, (block, body) => {
  const commands = body.split("\n").filter((l) => l.startsWith("$ "));
  const lines = [];
  for (const line of commands) {
    const cmd = line.slice(2);
    lines.push(line);
    if (cmd === "echo $?") {
      lines.push(String(last));
      continue;
    }
    const quiet = cmd.endsWith(" 2>/dev/null");
    const args = (quiet ? cmd.slice(0, -" 2>/dev/null".length) : cmd).split(/\s+/).slice(1);
    const r = spawnSync(process.execPath, [main, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    last = r.status ?? 1;
    const shown = (quiet ? "" : r.stderr) + r.stdout;
    if (shown !== "") lines.push(shown.replace(/\n$/, ""));
  }
  return "```console\n" + lines.join("\n") + "\n```";
});
writeFileSync(readme, out);
