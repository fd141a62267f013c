// What both WebAssembly modules of this package share: the facade over an instance (exports, ABI version check,
// heap start), typed-array views of its linear memory rebuilt whenever memory.grow detached the old buffer,
// growth to cover a byte offset, and traps / out-of-memory turned into SchedkitErrors naming the operation (the
// instance stays usable).
import { SchedkitError } from "@schedkit/core";

const PAGE = 65536;
/**
 * The most linear memory an engine uses: 2 GiB, not the 4 GiB a 32-bit module could address. Byte offsets
 * cross between the host and the module as i32 and index the host's typed-array views (`ptr >> 3`); below
 * 2^31 every offset is the same non-negative number on both sides. Past it, offsets read back from memory
 * came out negative and every pod silently became Unschedulable — capping is the check that cannot be missed
 * in one of the many places offsets are computed. The modules also declare this maximum (asconfig.json).
 */
export const MAX_MEMORY_BYTES = 2 ** 31;
/** Alignment of every region the hosts lay out (one v128). */
export const ALIGN = 16;

/** Rethrows a trap or an out-of-memory as a SchedkitError naming `op`; anything else as it is. */
export function wrapError(op: string, e: unknown): never {
  if (e instanceof WebAssembly.RuntimeError) throw new SchedkitError("", op, `WebAssembly trap in ${op}: ${e.message}`);
  if (e instanceof RangeError) throw new SchedkitError("", op, `WebAssembly out of memory in ${op}: ${e.message}`);
  throw e;
}

/** Typed-array views over a module's memory, valid until the memory grows (then rebuilt on next access). */
export class MemoryViews {
  private buffer: ArrayBuffer;
  private f64v: Float64Array;
  private i32v: Int32Array;
  private u8v: Uint8Array;

  constructor(private readonly memory: WebAssembly.Memory) {
    this.buffer = memory.buffer;
    this.f64v = new Float64Array(this.buffer);
    this.i32v = new Int32Array(this.buffer);
    this.u8v = new Uint8Array(this.buffer);
  }

  private refresh(): void {
    this.buffer = this.memory.buffer;
    this.f64v = new Float64Array(this.buffer);
    this.i32v = new Int32Array(this.buffer);
    this.u8v = new Uint8Array(this.buffer);
  }

  get f64(): Float64Array {
    if (this.memory.buffer !== this.buffer) this.refresh();
    return this.f64v;
  }
  get i32(): Int32Array {
    if (this.memory.buffer !== this.buffer) this.refresh();
    return this.i32v;
  }
  get u8(): Uint8Array {
    if (this.memory.buffer !== this.buffer) this.refresh();
    return this.u8v;
  }

  /** Bytes of linear memory. */
  get bytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Grows memory so that byte offset `end` is inside it (`bytes` is the request, for the message). */
  ensure(end: number, bytes: number, op: string): void {
    if (end <= this.memory.buffer.byteLength) return;
    try {
      if (!(end <= MAX_MEMORY_BYTES)) {
        throw new RangeError(`${bytes} more bytes do not fit the engine's linear memory limit of 2 GiB (${MAX_MEMORY_BYTES} bytes; ${this.memory.buffer.byteLength} in use): schedule a smaller cluster, or dispose() schedulers that are no longer needed`);
      }
      this.memory.grow(Math.ceil((end - this.memory.buffer.byteLength) / PAGE));
    } catch (e) {
      wrapError(op, e);
    }
    this.refresh();
  }
}

/** What every module of this package exports besides its own entry points (assembly/index.ts, assembly-cpu/index.ts). */
export interface ModuleExports {
  readonly memory: WebAssembly.Memory;
  /** First byte after the module's static data. */
  heapBase(): number;
  /** Traps on purpose (tests). */
  trap(): void;
}

/** A typed facade over one instance of a module: its exports, its memory and guarded calls into it. */
export abstract class ModuleFacade<E extends ModuleExports> {
  readonly exports: E;
  protected readonly views: MemoryViews;
  /** First ALIGN-aligned byte the host may lay regions out from. */
  protected readonly heapStart: number;

  /** Refuses a module built for another ABI than the host's (`version` reads the module's, `expected` the host's). */
  constructor(instance: WebAssembly.Instance, what: string, version: (e: E) => number, expected: number) {
    this.exports = instance.exports as unknown as E;
    const abi = version(this.exports);
    if (abi !== expected) throw new SchedkitError("", abi, `is not the ${what} ABI version this package expects (${expected})`);
    this.views = new MemoryViews(this.exports.memory);
    this.heapStart = Math.ceil(this.exports.heapBase() / ALIGN) * ALIGN;
  }

  /** Views over the whole memory (index = byte offset / element size), valid until the memory grows. */
  get f64(): Float64Array {
    return this.views.f64;
  }
  get i32(): Int32Array {
    return this.views.i32;
  }
  get u8(): Uint8Array {
    return this.views.u8;
  }

  /** Bytes of linear memory. */
  get memoryBytes(): number {
    return this.views.bytes;
  }

  /** One crossing into the module (never one per node): a trap or an out-of-memory becomes an error naming `op`. */
  protected guard<T>(op: string, run: () => T): T {
    try {
      return run();
    } catch (e) {
      return wrapError(op, e);
    }
  }

  /** Traps on purpose (tests). */
  trap(): void {
    this.guard("trap", () => this.exports.trap());
  }
}
