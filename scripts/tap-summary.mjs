#!/usr/bin/env node
// npm test's reporter: reads tap's TAP stream on stdin and prints one line per test file, every
// failing assertion with its diagnostics, and the totals; quiet in a terminal and in CI logs
// alike. `npm test -- -R tap` prints the raw TAP instead.
import { createInterface } from 'node:readline';

const started = Date.now();
let block = [];
let failures = 0;
let files = 0;
for await (const line of createInterface({ input: process.stdin })) {
  const top = /^(not )?ok \d+ - (\S+)(?: # (.*))?$/.exec(line);
  if (top) {
    files++;
    const [, failed, file, directive = ''] = top;
    const time = /time=([\d.]+)ms/.exec(directive);
    const seconds = time ? `${(Number(time[1]) / 1000).toFixed(1)} s` : directive;
    console.log(`${failed ? 'FAIL' : 'ok  '}  ${file.padEnd(48)} ${seconds}`);
    if (failed) {
      failures++;
      printFailures(block);
    }
    block = [];
  } else if (line.startsWith('# {')) {
    // `# { total: 5, pass: 5, fail: 0 }`: tap's totals, not JSON.
    const count = (name) => Number(new RegExp(`${name}: (\\d+)`).exec(line)?.[1] ?? 0);
    const minutes = ((Date.now() - started) / 60000).toFixed(1);
    const skipped = count('skip') + count('todo');
    console.log(`\n${files} files, ${count('total')} assertions: ${count('pass')} passed, ${count('fail')} failed${skipped ? `, ${skipped} skipped` : ''} (${minutes} min)`);
  } else {
    block.push(line);
  }
}
process.exitCode = failures ? 1 : 0;

/** Each failing assertion of a file, with the YAML block that explains it. */
function printFailures(lines) {
  let inFailure = false;
  for (const line of lines) {
    if (/^\s*not ok /.test(line)) inFailure = true;
    else if (/^\s*ok /.test(line)) inFailure = false;
    if (inFailure) console.log(`      ${line}`);
  }
}
