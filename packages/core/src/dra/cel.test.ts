// The CEL subset of DeviceClass selectors schedkit evaluates (cel.ts), and where it stops: cel-go v0.29.2
// parser/gen/CEL.g4 (the lexer's WHITESPACE and STRING rules, the grammar's precedence: unary `!`, then `==`/`!=`,
// then `&&`, then `||`), as dynamic-resource-allocation/cel compiles a selector. Inside the subset the answer is
// CEL's; outside it, an error naming the class, the selector and the expression (the conformance suite runs the
// same forms through kube-scheduler: conformance/ts/dra-extended.test.ts).
import { describe, expect, it } from "vitest";
import { SchedkitError } from "../errors.js";
import { classMatches } from "./cel.js";

const GPU = "gpu.example.com";
const NIC = "nic.example.com";
/** Whether devices of GPU and of NIC match a class with the one selector `expr`. */
const matches = (expr: string): [boolean, boolean] => [classMatches("c", [expr], GPU), classMatches("c", [expr], NIC)];

describe("device.driver compared with string literals", () => {
  it.each([
    ['device.driver == "gpu.example.com"', [true, false]],
    ["device.driver == 'gpu.example.com'", [true, false]],
    ['device.driver != "gpu.example.com"', [false, true]],
    ['"gpu.example.com" == device.driver', [true, false]],
    ['device.driver == "other.example.com"', [false, false]],
    ['"a" == "a"', [true, true]],
  ] as const)("%s", (expr, want) => {
    expect(matches(expr)).toEqual(want);
  });
});

describe("&&, ||, ! and parentheses, with CEL's precedence", () => {
  it.each([
    [`device.driver == "${GPU}" || device.driver == "${NIC}"`, [true, true]],
    [`device.driver == "${GPU}" && device.driver == "${NIC}"`, [false, false]],
    [`!(device.driver == "${GPU}")`, [false, true]],
    ["!!true", [true, true]],
    // && binds tighter than ||: true || (false && false), not (true || false) && false.
    ["true || false && false", [true, true]],
    ["false && true || true", [true, true]],
    ["(true || false) && false", [false, false]],
    // == binds tighter than &&, and compares booleans too.
    [`(device.driver == "${GPU}") == true`, [true, false]],
    [`(device.driver == "${NIC}") != false && true`, [false, true]],
  ] as const)("%s", (expr, want) => {
    expect(matches(expr)).toEqual(want);
  });
});

describe("CEL's whitespace: space, tab, carriage return, newline and form feed, anywhere between tokens", () => {
  it("is skipped", () => {
    expect(matches(` \t\r\n\fdevice.driver\f==\n"${GPU}"\r\t `)).toEqual([true, false]);
  });
});

describe("every selector of the class must match (selectorsMatch), in order", () => {
  it("no selectors: every device", () => {
    expect(classMatches("c", [], NIC)).toBe(true);
  });

  it("all of them", () => {
    expect(classMatches("c", [`device.driver != "${NIC}"`, `device.driver == "${GPU}"`], GPU)).toBe(true);
    expect(classMatches("c", [`device.driver != "${NIC}"`, `device.driver == "${GPU}"`], "x.example.com")).toBe(false);
  });

  it("a selector after one that does not match is not evaluated, as upstream stops there", () => {
    expect(classMatches("c", ["false", "device.attributes['x'].bool"], GPU)).toBe(false);
  });
});

describe("an expression outside the subset is an error naming the class, the selector and the expression", () => {
  it("the message", () => {
    const f = () => classMatches("gpu.example.com", ["true", "device.capacity['mem'].isGreaterThan(quantity('1Gi'))"], GPU);
    expect(f).toThrow(SchedkitError);
    expect(f).toThrow(
      `deviceClasses["gpu.example.com"].spec.selectors[1].cel.expression: "device.capacity['mem'].isGreaterThan(quantity('1Gi'))" is a CEL selector schedkit cannot evaluate exactly`,
    );
  });

  it.each([
    ["attributes", 'device.attributes["gpu.example.com"].model == "a100"'],
    ["capacity", 'device.capacity["gpu.example.com"].memory.compareTo(quantity("1Gi")) >= 0'],
    ["a function", 'device.driver.startsWith("gpu")'],
    ["another field of device", 'device.name == "g0"'],
    ["another variable", 'request.name == "gpu"'],
    ["in", 'device.driver in ["gpu.example.com"]'],
    ["numbers", "1 == 1"],
    ["a string, not a boolean", "device.driver"],
    ["a string compared with a boolean", "device.driver == true"],
    ["! on a string", `!device.driver == "${GPU}"`],
    ["&& on strings", `device.driver && "${GPU}"`],
    // Valid CEL ((a == b) == c), outside the subset all the same.
    ["a chained comparison", `device.driver == "${GPU}" == true`],
    ["an empty expression", ""],
    ["only whitespace", " \n "],
    ["an escape sequence", '"gpu\\x2eexample.com" == device.driver'],
    ["a raw string", `device.driver == r"${GPU}"`],
    ["a triple-quoted string", `device.driver == """${GPU}"""`],
    ["a comment", `device.driver == "${GPU}" // the GPUs`],
    ["a newline in a string", `device.driver == "gpu\nexample"`],
    ["a carriage return in a string", `device.driver == 'gpu\rexample'`],
    ["a vertical tab between tokens (not CEL whitespace)", `device.driver\v== "${GPU}"`],
    ["a no-break space between tokens", `device.driver\u00a0== "${GPU}"`],
    ["a line separator after the expression", `device.driver == "${GPU}"\u2028`],
    ["spaces inside a field selection", `device . driver == "${GPU}"`],
    ["an unclosed parenthesis", `(device.driver == "${GPU}"`],
    ["a dangling &&", `device.driver == "${GPU}" &&`],
    ["a single =", `device.driver = "${GPU}"`],
    ["an identifier that starts like a literal", "trueish"],
  ])("%s: %s", (_what, expr) => {
    expect(() => classMatches("c", [expr], GPU)).toThrow(/is a CEL selector schedkit cannot evaluate exactly/);
  });
});
