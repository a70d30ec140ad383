// The Python client's own tests (clients/python/tests, plain unittest) against the real app on a
// loopback socket, with the Debian interpreter that has numpy and torch (.ci/run installs them).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { buildTestApp, listen } from '../helpers/app.js';

const PYTHON = '/usr/bin/python3';
const CLIENT_DIR = fileURLToPath(new URL('../../clients/python/', import.meta.url));

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: CLIENT_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function unittestAgainstTheService(t: Test) {
  // One worker thread: the machine is shared. A short queue timeout makes the 503 test quick.
  const app = await buildTestApp(t, { POOL_SIZE: 1, QUEUE_TIMEOUT_MS: 300 });
  const url = await listen(app);
  const { code, output } = await run(PYTHON, ['-m', 'unittest', 'discover', '-s', 'tests'], { LOSSD_URL: url, PYTHONDONTWRITEBYTECODE: '1' });
  const summary = /^Ran \d+ tests? in .*$/m.exec(output)?.[0] ?? 'no summary';
  t.equal(code, 0, `unittest: ${summary}${code === 0 ? '' : `\n${output}`}`);
  t.match(output, /^OK/m);
}

// Never skipped: without numpy and torch this file fails, saying what to install.
const probe = spawnSync(PYTHON, ['-c', 'import numpy, torch; print(torch.__version__)'], { encoding: 'utf8' });
if (probe.status === 0) {
  t.comment(`${PYTHON}: torch ${probe.stdout.trim()}`);
  t.test('python -m unittest discover clients/python/tests passes against the real service', unittestAgainstTheService);
} else {
  t.fail(`the Python client's tests need numpy and torch for ${PYTHON} (Debian: apt-get install python3-numpy python3-torch; .ci/run does): ${probe.error?.message ?? probe.stderr.trim()}`);
}
