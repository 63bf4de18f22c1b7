import { randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';

import { dataSourceOptions } from '@app/database';
import { createTestDatabase, TestDatabase } from '@app/testing';

import { buildSnapshot } from './build-snapshot';
import { SnapshotContent } from './policy-snapshot';
import { SnapshotStore } from './snapshot-store';

function content(overrides: Partial<SnapshotContent> = {}): SnapshotContent {
  return {
    schemaVersion: 1,
    policyType: 'settingsCatalog',
    graphId: 'policy-1',
    policy: { id: 'policy-1', name: 'Baseline', settings: [{ id: '0' }] },
    ...overrides,
  };
}

describe('SnapshotStore', () => {
  let database: TestDatabase;
  let db: DataSource;
  let store: SnapshotStore;

  beforeAll(async () => {
    database = await createTestDatabase('snapshot_store');
    db = new DataSource(dataSourceOptions(database.url));
    await db.initialize();
    store = new SnapshotStore(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const snapshot = (tenantId: string, c = content()) =>
    buildSnapshot({ tenantId, content: c, graphRequests: 3, durationMs: 12 });

  describe('when saving', () => {
    it('stores the normalised content under its hash', async () => {
      const tenantId = randomUUID();
      const saved = snapshot(tenantId);

      const { hash } = await store.save(saved);
      const read = await store.get(tenantId, hash);

      expect(hash).toBe(saved.hash);
      expect(read).toMatchObject({
        tenantId,
        hash,
        policyType: 'settingsCatalog',
        graphId: 'policy-1',
        content: saved.content,
        sizeBytes: saved.sizeBytes,
      });
      expect(read?.createdAt).toBeInstanceOf(Date);
    });

    it('keeps one row for the same content in another key order', async () => {
      const tenantId = randomUUID();
      const first = snapshot(tenantId);
      const reordered = snapshot(tenantId, {
        policy: { settings: [{ id: '0' }], name: 'Baseline', id: 'policy-1' },
        graphId: 'policy-1',
        policyType: 'settingsCatalog',
        schemaVersion: 1,
      });

      await store.save(first);
      await store.save(reordered);

      expect(reordered.hash).toBe(first.hash);
      const [{ count }] = await db.query(
        'SELECT count(*)::int AS count FROM policy_snapshots WHERE tenant_id = $1',
        [tenantId],
      );
      expect(count).toBe(1);
    });

    it('adds a row when the content changed', async () => {
      const tenantId = randomUUID();
      const before = await store.save(snapshot(tenantId));
      const after = await store.save(
        snapshot(tenantId, content({ policy: { id: 'policy-1', name: 'v2' } })),
      );

      expect(after.hash).not.toBe(before.hash);
      expect(await store.get(tenantId, before.hash)).toBeDefined();
    });

    it('refuses to change a stored row', async () => {
      const tenantId = randomUUID();
      const { hash } = await store.save(snapshot(tenantId));

      await expect(
        db.query(
          `UPDATE policy_snapshots SET content = '{}' WHERE tenant_id = $1 AND hash = $2`,
          [tenantId, hash],
        ),
      ).rejects.toThrow(/immutable/);
    });
  });

  describe('when reading', () => {
    it('does not show one tenant the snapshot of another', async () => {
      const owner = randomUUID();
      const { hash } = await store.save(snapshot(owner));

      expect(await store.get(randomUUID(), hash)).toBeUndefined();
    });

    it('stores identical content of two tenants separately', async () => {
      const a = randomUUID();
      const b = randomUUID();
      const { hash } = await store.save(snapshot(a));
      await store.save(snapshot(b));

      expect((await store.get(a, hash))?.tenantId).toBe(a);
      expect((await store.get(b, hash))?.tenantId).toBe(b);
    });

    it('answers undefined for a malformed hash', async () => {
      expect(await store.get(randomUUID(), 'not-a-hash')).toBeUndefined();
    });
  });
});
