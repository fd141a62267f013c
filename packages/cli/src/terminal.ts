// Terminal-safe text: every text output of the command passes through escapeTerminal (run() wraps stdout and
// stderr), so a pod or node name carrying ANSI / OSC escapes cannot retitle, clear or rewrite the terminal.
// kubectl does the same for its tables (cli-runtime printers/terminal.go EscapeTerminal: ESC → "^[",
// CR → "\r"); schedkit extends it to every C0 and C1 control character and DEL, and to the characters that
// render as nothing but change how a line reads (Trojan Source, CVE-2021-42574): the bidirectional controls
// (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) can show `pod-a\u202e1-dom` as "pod-amod-1", and
// zero-width or other default-ignorable characters make two different names look the same. JSON output is
// written as is (writeJson): JSON.stringify already escapes C0, and the data must stay the data.
import type { OutStream } from "./io.js";

// The only escape sequences schedkit writes itself: the palette's SGR colours (io.ts). They pass when colour
// is on; anything else starting with ESC is shown as text.
// eslint-disable-next-line no-control-regex
const PALETTE_SGR = /^\u001b\[(?:1|2|22|31|32|33|39)m/;
// C0, DEL and C1 controls; format characters (Cf: the bidi controls, zero-width spaces and joiners, the byte
// order mark, soft hyphen, tags); line and paragraph separators (Zl, Zp: a line break in some terminals); the
// rest of Unicode's Default_Ignorable_Code_Point (variation selectors, Hangul fillers, the combining grapheme
// joiner), which terminals draw as nothing; and lone surrogates (Cs), which would reach the terminal as U+FFFD.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Cs}]/gu;

/** How escapeTerminal treats layout characters and colours. */
export interface EscapeOptions {
  /** Keep the palette's own SGR colour sequences (colour output on). */
  readonly keepColors?: boolean;
  /** Also escape newline and tab (a table cell must stay on its line). */
  readonly cell?: boolean;
}

/**
 * `text` with control characters shown as caret notation (^[, ^G, ^@, ^?), CR as \r, and C1 controls,
 * invisible format characters (bidi controls, zero-width characters, ...) and lone surrogates as \uXXXX
 * (\u{XXXXX} above U+FFFF).
 */
export function escapeTerminal(text: string, options: EscapeOptions = {}): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, (ch: string, at: number) => {
    const c = ch.codePointAt(0)!;
    if ((ch === "\n" || ch === "\t") && options.cell !== true) return ch;
    // The rest of the sequence is printable and passes unchanged.
    if (ch === "\u001b" && options.keepColors === true && PALETTE_SGR.test(text.slice(at, at + 5))) return ch;
    if (ch === "\r") return "\\r";
    if (ch === "\n") return "\\n";
    if (ch === "\t") return "\\t";
    if (c < 0x20) return `^${String.fromCharCode(c + 0x40)}`;
    if (c === 0x7f) return "^?";
    return c > 0xffff ? `\\u{${c.toString(16)}}` : `\\u${c.toString(16).padStart(4, "0")}`;
  });
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
