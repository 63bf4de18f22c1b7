import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

import { waitFor } from '@app/testing';

import type { WorkerProcess } from '../../support/worker-process';

const ROOT = resolve(__dirname, '../../..');

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((done) => child.once('exit', () => done()));
}

/**
 * A Redis of the test's own that can be killed without saving and started
 * again empty on the same port; the shared one is never touched.
 */
export async function startPrivateRedis() {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(
      'the private Redis to answer',
      () => {
        try {
          execFileSync('redis-cli', ['-p', String(port), 'ping'], {
            stdio: 'pipe',
          });
          return true;
        } catch {
          return false;
        }
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    /** SIGKILL: everything in memory is lost. */
    async kill() {
      const running = child!;
      running.kill('SIGKILL');
      await exitOf(running);
    },
    start,
    async close() {
      child?.kill('SIGKILL');
      if (child) await exitOf(child);
    },
  };
}

/** A real worker process from a `privateDist` copy. */
export function startWorkerProcess(
  dist: string,
  env: Record<string, string>,
): WorkerProcess {
  const child = spawn('node', [resolve(dist, 'apps/worker/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = exitOf(child).then(() => child.exitCode);
  return {
    child,
    exited,
    stderr: () => stderr.join(''),
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

export interface ApiProcess {
  readonly url: string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A real API process (`dist/apps/api`) on a port of its own. */
export async function startApiProcess(
  dist: string,
  env: Record<string, string>,
  port?: number,
): Promise<ApiProcess> {
  const listenOn = port ?? (await freePort());
  const child = spawn('node', [resolve(dist, 'apps/api/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ...env,
      PORT: String(listenOn),
    },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const url = `http://127.0.0.1:${listenOn}`;
  await waitFor(
    'the API process to listen',
    async () => {
      if (child.exitCode !== null) throw new Error('the API process exited');
      const response = await fetch(`${url}/health/live`).catch(() => null);
      return response?.ok ?? false;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  return {
    url,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      await exitOf(child);
    },
  };
}

/** Restarts the machine's PostgreSQL cluster (full fault suite only). */
export function restartPostgres(): void {
  const version = execFileSync('ls', ['/etc/postgresql'])
    .toString()
    .trim()
    .split('\n')
    .pop()!;
  execFileSync(
    'pg_ctlcluster',
    ['--skip-systemctl-redirect', version, 'main', 'restart', '-m', 'fast'],
    { stdio: 'inherit' },
  );
}

/**
 * Copies `dist` (compiled by Jest's global setup) to a directory of this
 * test file's own, so a rebuild outside the run cannot change the code of
 * processes the scenarios restart. The copy sits under `node_modules` so
 * that package resolution still finds the project's dependencies.
 */
export function privateDist(): string {
  const target = resolve(
    ROOT,
    'node_modules/.cache/fault-dist',
    `${process.pid}-${Date.now()}`,
  );
  execFileSync('mkdir', ['-p', target]);
  execFileSync('cp', ['-r', resolve(ROOT, 'dist'), target]);
  return resolve(target, 'dist');
}

/** Removes a copy made by `privateDist`. */
export function removePrivateDist(dist: string): void {
  execFileSync('rm', ['-rf', resolve(dist, '..')]);
}
