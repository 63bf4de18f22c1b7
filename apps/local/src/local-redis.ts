import { ChildProcess, spawn, spawnSync } from 'node:child_process';

import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * The local default needs Redis. When none answers at a local `REDIS_URL`
 * and `redis-server` is installed, starts one as a child process that
 * keeps nothing on disk and stops with this process.
 */
export async function ensureLocalRedis(
  url: string,
): Promise<ChildProcess | undefined> {
  if (await answers(url)) return undefined;
  const { hostname, port } = new URL(url);
  const installed = spawnSync('redis-server', ['--version']).status === 0;
  if (!LOCAL_HOSTS.has(hostname) || !installed) {
    throw new Error(
      `Redis does not answer at ${url}; start it (apt-get install redis-server) or set REDIS_URL`,
    );
  }
  const child = spawn(
    'redis-server',
    [
      '--port',
      port || '6379',
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i++) {
    if (await answers(url)) {
      new Logger('LocalRedis').log(
        `started redis-server on port ${port || 6379}`,
      );
      return child;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`redis-server did not start on ${url}`);
}
