import { KnownStreams } from './known-streams';

describe('KnownStreams', () => {
  it('forgets the least recently added name beyond its capacity', () => {
    const known = new KnownStreams(2);

    known.add('a');
    known.add('b');
    known.add('a');
    known.add('c');

    expect(['a', 'b', 'c'].filter((name) => known.has(name))).toEqual([
      'a',
      'c',
    ]);
  });
});
