// What the loader and the wrappers refuse: anything that would make a kernel read or write the
// wrong bytes of the shared memory.
import t from 'tap';
import { instantiateSimdKernels } from '../../src/kernel/simd/kernels.js';
import { ARENA_START, compileKernelModule, createKernelMemory, instantiateKernelExports } from '../../src/kernel/simd/loader.js';
import { blockPositions, classLayout, partialsLength } from '../../src/kernel/simd/layout.js';
import { RegionArraySource } from '../../src/kernel/core/storage.js';

const module = await compileKernelModule();

t.test('the built module has no static data in the arena and imports a shared memory', async (t) => {
  const memory = createKernelMemory(ARENA_START);
  t.ok(instantiateKernelExports(module, memory).staticDataEnd() <= ARENA_START);
  t.throws(() => instantiateKernelExports(module, new WebAssembly.Memory({ initial: 1, maximum: 2 })), /shared/);
});

/**
 * A hand-assembled module that imports a shared memory and exports only
 * `staticDataEnd() { return 70000 }`: static data reaching into the arena.
 */
const OVERSIZED = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () -> i32
  0x02, 0x12, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x03, 0x00, 0x80, 0x80, 0x04, // import env.memory shared 0..65536
  0x03, 0x02, 0x01, 0x00, // one function of type 0
  0x07, 0x11, 0x01, 0x0d, ...new TextEncoder().encode('staticDataEnd'), 0x00, 0x00, // export it
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0xf0, 0xa2, 0x04, 0x0b, // i32.const 70000
]);

t.test('a module whose static data reaches the arena is refused', async (t) => {
  const memory = createKernelMemory(ARENA_START);
  t.throws(() => instantiateKernelExports(new WebAssembly.Module(OVERSIZED), memory), /static data ends at byte 70000/);
});

t.test('views, lengths, overlaps and ranges are checked before a kernel runs', async (t) => {
  const memory = createKernelMemory(4 << 20);
  const kernels = instantiateSimdKernels(module, memory);
  const arena = new RegionArraySource(memory.buffer, ARENA_START, memory.buffer.byteLength);
  const layout = classLayout([1000, 100]);
  const input = arena.take(Float32Array, 100_000);
  const target = arena.take(Float64Array, 1000);
  const partials = arena.take(Float64Array, partialsLength(layout, 'indexTargets'));
  const gradInput = arena.take(Float32Array, 100_000);
  const pass = { layout, input, target, ignoreIndex: -100, smoothing: 0, nllScale: 1, smoothScale: 0, partials, gradInput };

  t.doesNotThrow(() => kernels.crossEntropyIndexTargets(pass));
  t.throws(() => kernels.crossEntropyIndexTargets({ ...pass, input: new Float32Array(100_000) }), /input is not a view on the kernels' shared memory/);
  t.throws(() => kernels.crossEntropyIndexTargets({ ...pass, input: new Float32Array(memory.buffer, 0, 100_000) }), /input lies in the kernels' static data/);
  t.throws(() => kernels.crossEntropyIndexTargets({ ...pass, input: input.subarray(1) }), /input has 99999 elements, expected 100000/);
  t.throws(() => kernels.crossEntropyIndexTargets({ ...pass, target: input as unknown as Float64Array }), /target is float32, expected float64/);
  t.throws(() => kernels.crossEntropyIndexTargets({ ...pass, gradInput: input }), /gradInput overlaps input/);
  const size = blockPositions(layout);
  t.throws(() => kernels.crossEntropyIndexTargets(pass, { start: 1, end: size }), /not a range of whole blocks/);
  t.throws(() => kernels.crossEntropyIndexTargets(pass, { start: 0, end: size + 1 }), /not a range of whole blocks/);
  t.doesNotThrow(() => kernels.crossEntropyIndexTargets(pass, { start: size, end: 1000 }));

  memory.grow(1);
  t.throws(() => kernels.crossEntropyIndexTargets(pass), /make views again after memory.grow\(\)/);
});
