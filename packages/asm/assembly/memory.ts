// Raw access to the regions the host laid out (no allocation happens on this side: runtime stub).
import { C_COLS, C_RES, C_STRIDE } from "./abi";

/** The i32 pointer stored in context slot `slot`. */
// @ts-ignore: decorator
@inline export function ctxPtr(ctx: usize, slot: i32): usize {
  return <usize>load<u32>(ctx + (<usize>slot << 2));
}

// @ts-ignore: decorator
@inline export function ctxInt(ctx: usize, slot: i32): i32 {
  return load<i32>(ctx + (<usize>slot << 2));
}

// @ts-ignore: decorator
@inline export function setCtxInt(ctx: usize, slot: i32, v: i32): void {
  store<i32>(ctx + (<usize>slot << 2), v);
}

/** Base address of node column `c`. */
// @ts-ignore: decorator
@inline export function col(ctx: usize, c: i32): usize {
  return ctxPtr(ctx, C_COLS) + ((<usize>c * <usize>ctxInt(ctx, C_STRIDE)) << 3);
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

/** Result slot `r` of the context. */
// @ts-ignore: decorator
@inline export function res(ctx: usize, r: i32): f64 {
  return f64At(ctxPtr(ctx, C_RES), r);
}

// @ts-ignore: decorator
@inline export function setRes(ctx: usize, r: i32, v: f64): void {
  setF64(ctxPtr(ctx, C_RES), r, v);
}
