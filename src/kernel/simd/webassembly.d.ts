/**
 * The part of the WebAssembly JS API lossd uses. Node 20 has it all, but neither ES2023's lib nor
 * @types/node 20 declares it (only lib.dom does, which would bring the whole DOM into the
 * project); shapes as in lib.dom.d.ts, so that it merges if a later @types/node adds them.
 */
declare namespace WebAssembly {
  interface Module {}
  var Module: {
    prototype: Module;
    new (bytes: ArrayBufferView | ArrayBuffer): Module;
  };

  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }
  interface Memory {
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(delta: number): number;
  }
  var Memory: {
    prototype: Memory;
    new (descriptor: MemoryDescriptor): Memory;
  };

  type Exports = Record<string, unknown>;
  type Imports = Record<string, Record<string, unknown>>;
  interface Instance {
    readonly exports: Exports;
  }
  var Instance: {
    prototype: Instance;
    new (module: Module, importObject?: Imports): Instance;
  };

  function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>;
}
