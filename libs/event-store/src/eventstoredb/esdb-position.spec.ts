import { ValidationError } from '@app/errors';

import { Position, START } from '../event-store.port';
import { decodePosition, encodePosition } from './esdb-position';

describe('EventStoreDB positions', () => {
  it('round-trips commit and prepare, up to the largest unsigned 64-bit value', () => {
    const max = 2n ** 64n - 1n;
    for (const position of [
      { commit: 0n, prepare: 0n },
      { commit: 120n, prepare: 360n },
      { commit: max, prepare: max },
    ]) {
      expect(decodePosition(encodePosition(position))).toEqual(position);
    }
  });

  it('orders as strings the way the log orders them', () => {
    const a = encodePosition({ commit: 9n, prepare: 100n });
    const b = encodePosition({ commit: 10n, prepare: 10n });
    const c = encodePosition({ commit: 10n, prepare: 90n });

    expect([c, a, b].sort()).toEqual([a, b, c]);
    expect(START < a).toBe(true);
  });

  it('decodes START and rejects strings it never produced', () => {
    expect(decodePosition(START)).toBe('start');
    for (const bad of ['x', '1-2', `${'9'.repeat(20)}-${'9'.repeat(20)}`]) {
      expect(() => decodePosition(bad as Position)).toThrow(ValidationError);
    }
  });
});
