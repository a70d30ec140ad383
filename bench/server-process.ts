/**
 * The built service in a process of its own, as the benchmarks and the soak measure it: a free
 * port, start-up until it answers, its resident memory, and plain HTTP requests over keep-alive
 * connections (node:http, which sends binary bodies as they are).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resident memory of the server process, in bytes. */
  rss(): number;
}

export interface ProcessSpec {
  readonly command: string;
  /** The arguments, given the port it is to listen on. */
  readonly args: (port: number) => string[];
  readonly env?: Record<string, string>;
  /** A request that answers 2xx once it is ready: GET path, or OPTIONS /loss for servers without a health route. */
  readonly ready?: { readonly method: string; readonly path: string };
}

/** lossd from the TypeScript source (tsx), or the build with `entry: ['dist/server/main.js']`. */
export function lossd(env: Record<string, string> = {}, entry: string[] = ['--import', 'tsx', 'src/server/main.ts']): ProcessSpec {
  return { command: process.execPath, args: () => entry, env: { LOG_LEVEL: 'warn', DOCS: 'false', ...env } };
}

/** Starts a server process on a free port; resolves once it answers. */
export async function startProcess({ command, args, env = {}, ready = { method: 'GET', path: '/health/ready' } }: ProcessSpec): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(command, args(port), {
    cwd: new URL('..', import.meta.url),
    env: { ...process.env, PORT: String(port), ...env },
    stdio: 'inherit',
  });
  const url = `http://127.0.0.1:${port}`;
  const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}${ready.path}`, { method: ready.method })).ok) return { url, child, rss };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill();
  throw new Error(`${command} did not start`);
}

/** Starts lossd (see `lossd`) and resolves once it is ready. */
export function startServer(env: Record<string, string> = {}, entry?: string[]): Promise<ServerProcess> {
  return startProcess(lossd(env, entry));
}

export interface Outcome {
  /** HTTP status, or 0 when the connection failed. */
  readonly status: number;
  /** Set when the connection failed: ECONNRESET, ECONNREFUSED, ... */
  readonly error?: string;
  readonly ms: number;
  readonly bytes: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One request, timed to the last byte of the reply (which is read and dropped). */
export function send(url: string, method: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Outcome> {
  const start = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - start, bytes }));
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ status: 0, error: err.code ?? err.message, ms: performance.now() - start, bytes }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ status: 0, error: err.code ?? err.message, ms: performance.now() - start, bytes: 0 }));
    req.end(body);
  });
}

/**
 * PyTorch 1.13 behind FastAPI on the same /loss contract (../shared/tools/torch-peer), when this
 * machine can run it (Debian's python3-torch, python3-fastapi, python3-uvicorn): the peer to beat.
 */
export function torchPeer(): ProcessSpec | undefined {
  const script = new URL('../../shared/tools/torch-peer/torch_server.py', import.meta.url);
  const python = '/usr/bin/python3';
  try {
    statSync(script);
    execFileSync(python, ['-c', 'import torch, fastapi, uvicorn'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return { command: python, args: (port) => [script.pathname, String(port)], ready: { method: 'OPTIONS', path: '/loss' } };
}
