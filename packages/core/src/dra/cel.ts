// DeviceClass selectors: the CEL expressions the allocator (selectorsMatch) and the DRA scorers
// (deviceMatchesClass) evaluate against a device, through dynamic-resource-allocation/cel. schedkit evaluates the
// part of CEL whose result it can state exactly without a CEL runtime: the device's driver compared with string
// literals (`device.driver == "gpu.example.com"`), combined with `&&`, `||`, `!`, parentheses and the literals
// `true`/`false`. Any other expression (attributes, capacity, functions) is refused with an error naming the
// class and the expression, never guessed.
import { SchedkitError } from "../errors.js";

/** A compiled selector: whether a device of `driver` matches. */
type DeviceSelector = (driver: string) => boolean;

type Token = { readonly kind: "str"; readonly value: string } | { readonly kind: "op" | "ident"; readonly value: string };

// cel-go parser/gen/CEL.g4: WHITESPACE is [\t \r\n\f] only (JS's \s also takes \v, no-break and other Unicode
// spaces, which CEL's lexer rejects); a quoted STRING holds no backslash, its quote, \n or \r (escapes left out).
const TOKEN = /[\t \r\n\f]*(?:("[^"\\\n\r]*")|('[^'\\\n\r]*')|(&&|\|\||==|!=|[()!])|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*))/y;
const TRAILING_SPACE = /^[\t \r\n\f]*$/;

function tokenize(src: string): Token[] | null {
  const out: Token[] = [];
  let pos = 0;
  while (pos < src.length) {
    if (TRAILING_SPACE.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (m === null) return null;
    pos = TOKEN.lastIndex;
    if (m[1] !== undefined || m[2] !== undefined) out.push({ kind: "str", value: (m[1] ?? m[2])!.slice(1, -1) });
    else if (m[3] !== undefined) out.push({ kind: "op", value: m[3] });
    else out.push({ kind: "ident", value: m[4]! });
  }
  return out;
}

type Value = { readonly type: "bool"; readonly f: DeviceSelector } | { readonly type: "string"; readonly f: (driver: string) => string };

/** Compiles `expression`, or null when it lies outside the subset schedkit evaluates. */
function compileSelector(expression: string): DeviceSelector | null {
  const tokens = tokenize(expression);
  if (tokens === null || tokens.length === 0) return null;
  let i = 0;
  const peek = (v: string) => i < tokens.length && tokens[i]!.kind !== "str" && tokens[i]!.value === v;
  const fail = (): never => {
    throw new Error("unsupported");
  };
  const term = (): Value => {
    const t = tokens[i++] ?? fail();
    if (t.kind === "str") return { type: "string", f: () => t.value };
    if (t.kind === "ident") {
      if (t.value === "device.driver") return { type: "string", f: (d) => d };
      if (t.value === "true" || t.value === "false") {
        const b = t.value === "true";
        return { type: "bool", f: () => b };
      }
      return fail();
    }
    if (t.value === "(") {
      const v = or();
      if (!peek(")")) fail();
      i++;
      return v;
    }
    if (t.value === "!") {
      const v = term();
      if (v.type !== "bool") fail();
      const f = v.f as DeviceSelector;
      return { type: "bool", f: (d) => !f(d) };
    }
    return fail();
  };
  const cmp = (): Value => {
    const a = term();
    if (peek("==") || peek("!=")) {
      const eq = tokens[i++]!.value === "==";
      const b = term();
      // CEL has no heterogeneous equality between string and bool: a compile error upstream, outside here.
      if (a.type !== b.type) fail();
      const fa = a.f as (d: string) => unknown;
      const fb = b.f as (d: string) => unknown;
      return { type: "bool", f: (d) => (fa(d) === fb(d)) === eq };
    }
    return a;
  };
  // Left-associative `&&` / `||` over booleans.
  const chain = (op: string, next: () => Value, combine: (a: boolean, b: boolean) => boolean) => (): Value => {
    let a = next();
    while (peek(op)) {
      i++;
      const b = next();
      if (a.type !== "bool" || b.type !== "bool") fail();
      const fa = a.f as DeviceSelector;
      const fb = b.f as DeviceSelector;
      a = { type: "bool", f: (d) => combine(fa(d), fb(d)) };
    }
    return a;
  };
  const and = chain("&&", cmp, (x, y) => x && y);
  const or: () => Value = chain("||", and, (x, y) => x || y);
  try {
    const v = or();
    if (i !== tokens.length || v.type !== "bool") return null;
    return v.f as DeviceSelector;
  } catch {
    return null;
  }
}

const compiled = new Map<string, DeviceSelector | null>();

/**
 * Whether a device of `driver` matches every selector of the class `className` (selectorsMatch: all must
 * match). Throws a SchedkitError naming the class and the first expression schedkit cannot evaluate.
 */
export function classMatches(className: string, selectors: readonly string[], driver: string): boolean {
  for (let i = 0; i < selectors.length; i++) {
    const expr = selectors[i]!;
    let f = compiled.get(expr);
    if (f === undefined) {
      f = compileSelector(expr);
      compiled.set(expr, f);
    }
    if (f === null) {
      throw new SchedkitError(
        `deviceClasses[${JSON.stringify(className)}].spec.selectors[${i}].cel.expression`,
        expr,
        "is a CEL selector schedkit cannot evaluate exactly (it evaluates device.driver compared with string literals, combined with &&, ||, ! and parentheses)",
      );
    }
    if (!f(driver)) return false;
  }
  return true;
}
