// Raw access to the regions the host laid out. Nothing is allocated on this side (runtime stub): every
// array lives in linear memory the host sized for the call.

/** The i32 in context slot `s`. */
// @ts-ignore: decorator
@inline export function slot(ctx: usize, s: i32): i32 {
  return load<i32>(ctx + (<usize>s << 2));
}

/** The pointer in context slot `s`. */
// @ts-ignore: decorator
@inline export function ptr(ctx: usize, s: i32): usize {
  return <usize>load<u32>(ctx + (<usize>s << 2));
}

/** Base of column `c` of a table of `count` float64 rows starting at `base`. */
// @ts-ignore: decorator
@inline export function column(base: usize, c: i32, count: i32): usize {
  return base + ((<usize>c * <usize>count) << 3);
}

// @ts-ignore: decorator
@inline export function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline export function setF64(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}

// @ts-ignore: decorator
@inline export function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline export function setI32(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}
