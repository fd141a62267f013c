// Terminal-safe text: every text output of the command passes through escapeTerminal (run() wraps stdout and
// stderr), so a pod or node name carrying ANSI / OSC escapes cannot retitle, clear or rewrite the terminal.
// kubectl does the same for its tables (cli-runtime printers/terminal.go EscapeTerminal: ESC → "^[",
// CR → "\r"); schedkit extends it to every C0 and C1 control character and DEL. JSON output is written as is
// (writeJson): JSON.stringify already escapes C0, and the data must stay the data.
import type { OutStream } from "./io.js";

// The only escape sequences schedkit writes itself: the palette's SGR colours (io.ts). They pass when colour
// is on; anything else starting with ESC is shown as text.
// eslint-disable-next-line no-control-regex
const PALETTE_SGR = /^\u001b\[(?:1|2|22|31|32|33|39)m/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** How escapeTerminal treats layout characters and colours. */
export interface EscapeOptions {
  /** Keep the palette's own SGR colour sequences (colour output on). */
  readonly keepColors?: boolean;
  /** Also escape newline and tab (a table cell must stay on its line). */
  readonly cell?: boolean;
}

/** `text` with control characters shown as caret notation (^[, ^G, ^@, ^?), C1 as \u0080..\u009f, CR as \r. */
export function escapeTerminal(text: string, options: EscapeOptions = {}): string {
  if (!CONTROL.test(text)) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const c = ch.charCodeAt(0);
    if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c > 0x9f) out += ch;
    else if ((ch === "\n" || ch === "\t") && options.cell !== true) out += ch;
    else if (ch === "\u001b" && options.keepColors === true && PALETTE_SGR.test(text.slice(i, i + 5))) {
      const m = PALETTE_SGR.exec(text.slice(i, i + 5))![0];
      out += m;
      i += m.length - 1;
    } else if (ch === "\r") out += "\\r";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20) out += `^${String.fromCharCode(c + 0x40)}`;
    else if (c === 0x7f) out += "^?";
    else out += `\\u${c.toString(16).padStart(4, "0")}`;
  }
  return out;
}

/** A stream whose text output is escaped (see escapeTerminal); `writeRaw` bypasses it for JSON. */
export interface SafeOutStream extends OutStream {
  writeRaw(chunk: string): unknown;
}

/** Wraps a stream so that everything written through `write` is terminal-safe. */
export function terminalSafe(stream: OutStream, keepColors: boolean): SafeOutStream {
  return {
    write: (chunk: string) => stream.write(escapeTerminal(chunk, { keepColors })),
    writeRaw: (chunk: string) => stream.write(chunk),
    ...(stream.isTTY === undefined ? {} : { isTTY: stream.isTTY }),
    ...(stream.columns === undefined ? {} : { columns: stream.columns }),
  };
}

/** Writes `value` as indented JSON, unescaped (the data as it is; JSON.stringify escapes C0 itself). */
export function writeJson(stream: OutStream, value: unknown): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if ("writeRaw" in stream && typeof stream.writeRaw === "function") stream.writeRaw(text);
  else stream.write(text);
}
