import { useTestDataSource } from '@app/testing';

import { copyRows } from './copy-rows';

describe('copyRows', () => {
  const ctx = useTestDataSource('copy_rows');

  beforeAll(async () => {
    await ctx.db.query(`
      CREATE TABLE copy_target (
        id integer PRIMARY KEY,
        label text,
        at timestamptz,
        note text NOT NULL DEFAULT 'unset')`);
  });

  it('writes escaped text, nulls, numbers and times as given', async () => {
    const at = new Date('2026-12-04T22:41:04.222Z');
    const awkward = 'tab\there\nnew line\r\\N not null \\ back\\slash é 🚀';
    await ctx.db.transaction((tx) =>
      copyRows(
        tx,
        'copy_target',
        ['id', 'label', 'at'],
        [
          [1, awkward, at],
          [2, null, null],
          [3, '', at],
        ],
      ),
    );
    const rows = await ctx.db.query(
      'SELECT id, label, at, note FROM copy_target ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 1, label: awkward, at, note: 'unset' },
      { id: 2, label: null, at: null, note: 'unset' },
      { id: 3, label: '', at, note: 'unset' },
    ]);
  });

  it('fails its transaction on a broken constraint', async () => {
    const before = await ctx.db.query(
      'SELECT count(*)::int AS n FROM copy_target',
    );
    await expect(
      ctx.db.transaction(async (tx) => {
        await copyRows(tx, 'copy_target', ['id', 'label'], [[10, 'new']]);
        await copyRows(tx, 'copy_target', ['id'], [[11], [11]]);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(
      await ctx.db.query('SELECT count(*)::int AS n FROM copy_target'),
    ).toEqual(before);
  });

  it('refuses a name that is not a plain identifier', async () => {
    await expect(
      ctx.db.transaction((tx) =>
        copyRows(tx, 'copy_target; DROP TABLE x', ['id'], [[1]]),
      ),
    ).rejects.toThrow('not a plain identifier');
    await expect(
      ctx.db.transaction((tx) =>
        copyRows(tx, 'copy_target', ['id', 'label"'], [[1, 'a']]),
      ),
    ).rejects.toThrow('not a plain identifier');
  });

  it('needs the connection of a transaction', async () => {
    await expect(
      copyRows(ctx.db.manager, 'copy_target', ['id'], [[1]]),
    ).rejects.toThrow('copyRows runs in a transaction');
  });
});
