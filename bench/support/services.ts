import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';

import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { dataSourceOptions } from '@app/database';
import { TokenIssuer } from '@app/identity';
import {
  BackupSets,
  PolicyInventory,
  PolicyType,
  Tenants,
} from '@app/reference-data';

import { ApiModule } from '../../apps/api/src/api.module';

/** The compiled tree (`bench/build.mjs`): apps, libs and bench. */
export const DIST = resolve(__dirname, '..', '..');

export const SERVER_URL =
  process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL =
  process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BenchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: `${SERVER_URL}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database with the service's migrations applied. */
export async function createBenchDatabase(
  label: string,
): Promise<BenchDatabase> {
  const name = `bench_${label}_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE "${name}"`);
  const url = `${SERVER_URL}/${name}`;
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  return {
    url,
    drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** A Redis key prefix of the benchmark's own, removed afterwards. */
export function benchRedisPrefix(label: string) {
  const prefix = `bench:${label}:${randomBytes(4).toString('hex')}`;
  return {
    prefix,
    async flush(): Promise<void> {
      const redis = new Redis(REDIS_URL);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(
            cursor,
            'MATCH',
            `${prefix}*`,
            'COUNT',
            1000,
          );
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** Environment every service process of a benchmark shares. */
export function serviceEnv(
  db: BenchDatabase,
  redisPrefix: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    DATABASE_MIGRATE: 'false',
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    MAX_POLICIES_PER_RUN: '10000',
    RECONCILE_INTERVAL_MS: '0',
    // The load generator is one user of one tenant, far above people's pace.
    COMMAND_RATE_PER_USER: '1000000',
    COMMAND_RATE_PER_TENANT: '1000000',
    ...extra,
  };
}

export interface SeedPolicy {
  readonly graphId: string;
  readonly policyType: PolicyType;
  readonly odataType?: string;
  readonly displayName: string;
}

export interface Seeded {
  readonly tenantId: string;
  readonly backupSetId: string;
  readonly policyIds: string[];
  readonly token: string;
}

/**
 * Seeds reference data through the service's own providers (the secret is
 * encrypted as in production), and issues an operator token.
 */
export async function seedTenant(
  env: Record<string, string>,
  policies: readonly SeedPolicy[],
  graph: { entraTenantId: string; clientId: string; clientSecret: string } = {
    entraTenantId: randomUUID(),
    clientId: randomUUID(),
    clientSecret: 'bench-secret',
  },
): Promise<Seeded> {
  const app = await withContext(env);
  try {
    const tenantId = randomUUID();
    await app.get(Tenants).create({
      id: tenantId,
      displayName: 'Bench',
      entraTenantId: graph.entraTenantId,
      graphClientId: graph.clientId,
      graphClientSecret: graph.clientSecret,
    });
    const backupSet = await app
      .get(BackupSets)
      .create(tenantId, { name: 'Bench' }, 'bench');
    const seen = await app
      .get(PolicyInventory)
      .recordSeen(tenantId, [...policies]);
    const token = await app
      .get(TokenIssuer)
      .issue({ userId: 'bench', tenants: [[tenantId, 'operator']] });
    return {
      tenantId,
      backupSetId: backupSet.id,
      policyIds: seen.map((p) => p.id),
      token,
    };
  } finally {
    await app.close();
  }
}

/** The API's providers without its HTTP server or projections. */
export async function withContext(
  env: Record<string, string>,
): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    ApiModule.forRoot({ env: { ...env, LOG_LEVEL: 'silent' } }),
    { logger: false, abortOnError: false },
  );
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly url: string;
  stop(): Promise<void>;
}

function packageScripts(): Record<string, string> {
  const { scripts } = JSON.parse(
    readFileSync(resolve(DIST, '..', '..', 'package.json'), 'utf8'),
  ) as { scripts: Record<string, string> };
  return scripts;
}

/** The Node flags of `script`'s `node ... dist/<entry>` command, if any. */
function nodeFlags(script: string, entry: string): string[] | undefined {
  const words = script.split(/\s+/);
  const at = words.indexOf(`dist/${entry}`);
  const node = words.lastIndexOf('node', at);
  return at > 0 && node >= 0 ? words.slice(node + 1, at) : undefined;
}

/**
 * The Node flags the package's start script gives an entry point
 * (`start:worker` bounds the worker's heap), so a benchmark runs each
 * service as production does.
 */
export function startScriptFlags(entry: string): string[] {
  for (const script of Object.values(packageScripts())) {
    const flags = nodeFlags(script, entry);
    if (flags) return flags;
  }
  return [];
}

/**
 * The Node flags of one named package script, for an entry point that
 * several scripts start (`cli` widens the young generation; the migration
 * scripts run the same entry without it).
 * @throws Error when the script does not run `entry` with node.
 */
export function scriptFlags(name: string, entry: string): string[] {
  const flags = nodeFlags(packageScripts()[name] ?? '', entry);
  if (!flags) throw new Error(`npm script ${name} does not run ${entry}`);
  return flags;
}

/**
 * Starts a compiled entry point (`apps/api/src/main.js`, ...) with its
 * start script's Node flags and waits until it answers `/health/live`.
 */
export async function startProcess(
  entry: string,
  port: number,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  // BENCH_CPU_PROFILE=<dir>: every service process writes a V8 CPU profile
  // there when it exits (open it in Chrome's DevTools or speedscope).
  const profile = process.env.BENCH_CPU_PROFILE;
  const flags = [
    ...startScriptFlags(entry),
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
  ];
  const child = spawn(process.execPath, [...flags, resolve(DIST, entry)], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 200) stderr.shift();
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${entry} exited: ${stderr.join('').slice(-2000)}`);
    }
    const live = await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (live) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `${entry} did not start: ${stderr.join('').slice(-2000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    pid: child.pid!,
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

let nextPort = 18_000 + Math.floor(Math.random() * 2_000);

/** A port for the next process; a range of its own avoids the usual ones. */
export function freePort(): number {
  return nextPort++;
}
