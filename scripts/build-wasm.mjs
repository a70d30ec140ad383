// Builds the SIMD kernels (asconfig.json) unless the .wasm is newer than every source it is built
// from: `npm run build`, `npm test` and the Docker build all need it, and asc -O3 takes ~20 s.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const config = JSON.parse(readFileSync('asconfig.json', 'utf8'));
const output = config.options.outFile;
const sources = ['asconfig.json', ...readdirSync('src/kernel/simd/assembly', { recursive: true }).map((f) => join('src/kernel/simd/assembly', String(f)))];
const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -Infinity;
  }
};
const built = mtime(output);
if (sources.every((source) => mtime(source) < built)) {
  console.log(`${output} is up to date`);
} else {
  execFileSync(process.execPath, ['node_modules/assemblyscript/bin/asc.js', '--config', 'asconfig.json'], { stdio: 'inherit' });
  console.log(`built ${output}`);
}
