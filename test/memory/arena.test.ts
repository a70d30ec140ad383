import t from 'tap';
import { ARENA_START } from '../../src/kernel/simd/loader.js';
import { Arena } from '../../src/server/memory/arena.js';

t.test('blocks are aligned, above the kernels static data, and best-fit from the lowest address', async (t) => {
  const arena = new Arena(1 << 20);
  t.equal(arena.capacity, 1 << 20);
  const a = arena.tryReserve(100)!;
  const b = arena.tryReserve(1000)!;
  const c = arena.tryReserve(100)!;
  t.same([a.offset, a.size], [ARENA_START, 128]);
  t.equal(b.offset, ARENA_START + 128);
  t.equal(b.size, 1024);
  t.equal(c.offset, ARENA_START + 128 + 1024);
  t.equal(arena.used, 128 + 1024 + 128);
  arena.release(b);
  // The 1024-byte hole fits a 512-byte block better than the tail does.
  const d = arena.tryReserve(512)!;
  t.equal(d.offset, b.offset);
  t.equal(arena.buffer.byteLength, ARENA_START + (1 << 20));
});

t.test('released neighbours merge back into one range', async (t) => {
  const arena = new Arena(1 << 16);
  const blocks = [1, 2, 3, 4].map(() => arena.tryReserve(1 << 14)!);
  t.equal(arena.tryReserve(1), undefined, 'full');
  for (const i of [1, 3, 0, 2]) arena.release(blocks[i]!);
  t.equal(arena.used, 0);
  t.equal(arena.largestFree, 1 << 16);
  t.ok(arena.tryReserve(1 << 16), 'the whole arena again');
});

t.test('a double release is a bug it reports', async (t) => {
  const arena = new Arena(1 << 16);
  const a = arena.tryReserve(64)!;
  arena.release(a);
  t.throws(() => arena.release(a), /released twice/);
});

t.test('a budget over one WebAssembly memory is refused at start-up', async (t) => {
  t.throws(() => new Arena(2 ** 32), RangeError);
});
