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

function rawWriter(stream: OutStream): (text: string) => unknown {
  return "writeRaw" in stream && typeof stream.writeRaw === "function" ? (t) => (stream as SafeOutStream).writeRaw(t) : (t) => stream.write(t);
}

/** Writes `value` as indented JSON, unescaped (the data as it is; JSON.stringify escapes C0 itself). */
export function writeJson(stream: OutStream, value: unknown): void {
  rawWriter(stream)(`${JSON.stringify(value, null, 2)}\n`);
}

/** Text written in chunks of about this many characters (one write per item would be a system call each). */
const CHUNK = 1 << 16;

/**
 * Writes `{ "<key>": [items...], ...rest }` exactly as writeJson writes the whole object, the items as they
 * come: item i may arrive out of order (put(i, value)) and is written once every item before it was. Items
 * that arrive in order are never held, so memory stays bounded by the chunk, not by the number of items.
 */
export class StreamedJsonArray {
  private readonly write: (text: string) => unknown;
  private readonly waiting = new Map<number, string>();
  private next = 0;
  private buf = "";

  constructor(stream: OutStream, private readonly key: string) {
    this.write = rawWriter(stream);
  }

  /** Item `index` (0, 1, 2, ... each once, in any order). */
  put(index: number, value: unknown): void {
    // JSON.stringify of the whole object indents an element of a top-level array by two levels, and a string
    // never holds a raw newline (JSON escapes it), so re-indenting the element's own text is exact.
    const text = `    ${JSON.stringify(value, null, 2).replaceAll("\n", "\n    ")}`;
    if (index !== this.next) {
      this.waiting.set(index, text);
      return;
    }
    this.append(text);
    for (let t = this.waiting.get(this.next); t !== undefined; t = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      this.append(t);
    }
  }

  /** Items held back because one before them has not arrived. */
  get held(): number {
    return this.waiting.size;
  }

  /** Closes the array and writes the object's other fields; every item must have arrived. */
  end(rest: Record<string, unknown>): void {
    if (this.waiting.size > 0) throw new Error(`schedkit internal: ${this.waiting.size} streamed items after a missing item ${this.next}`);
    const tail = JSON.stringify(rest, null, 2);
    const close = this.next === 0 ? `{\n  ${JSON.stringify(this.key)}: []` : "\n  ]";
    this.buf += `${close}${tail === "{}" ? "\n}" : `,\n${tail.slice(2)}`}\n`;
    this.flush();
  }

  private append(text: string): void {
    this.buf += this.next === 0 ? `{\n  ${JSON.stringify(this.key)}: [\n${text}` : `,\n${text}`;
    this.next++;
    if (this.buf.length >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.buf === "") return;
    this.write(this.buf);
    this.buf = "";
  }
}
