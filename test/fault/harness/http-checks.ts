import { Redis } from 'ioredis';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';

import { TEST_REDIS_URL } from '@app/testing';

/** Why a response breaks the HTTP contract, or `undefined` when it holds. */
export function contractViolation(response: Response): string | undefined {
  if (response.status >= 500) return `answered ${response.status}`;
  if (response.status < 400) return undefined;
  const type = String(response.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) {
    return `error ${response.status} with content type "${type}"`;
  }
  const body = response.body as Record<string, unknown>;
  for (const field of ['type', 'title', 'code'] as const) {
    if (typeof body?.[field] !== 'string') {
      return `problem without a string "${field}": ${response.text}`;
    }
  }
  if (body.status !== response.status) {
    return `problem status ${String(body.status)} on a ${response.status}`;
  }
  return undefined;
}

/**
 * Row counts of every table in the public schema plus the file's Redis
 * keys, read in one round trip: a rejected request must leave it equal.
 */
export async function writeProbe(
  dataSource: DataSource,
  redisPrefix: string,
): Promise<{ snapshot(): Promise<string>; close(): void }> {
  const tables: { name: string }[] = await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
      ORDER BY table_name`,
  );
  const sql = `SELECT ${tables
    .map((t) => `(SELECT count(*) FROM "${t.name}")::int AS "${t.name}"`)
    .join(', ')}`;
  const redis = new Redis(TEST_REDIS_URL);
  return {
    async snapshot() {
      const [counts] = await dataSource.query(sql);
      let keys = 0;
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(
          cursor,
          'MATCH',
          `${redisPrefix}*`,
          'COUNT',
          1000,
        );
        cursor = next;
        keys += found.length;
      } while (cursor !== '0');
      return JSON.stringify({ ...counts, redisKeys: keys });
    },
    close: () => redis.disconnect(),
  };
}
