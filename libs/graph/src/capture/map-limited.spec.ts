import { mapLimited } from './map-limited';

describe('mapLimited', () => {
  it('keeps input order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapLimited([30, 5, 20, 1, 10], 2, async (ms, i) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight -= 1;
      return i;
    });

    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('takes no new items after a failure', async () => {
    const started: number[] = [];
    const run = mapLimited([0, 1, 2, 3, 4], 1, async (i) => {
      started.push(i);
      if (i === 1) throw new Error('boom');
      return i;
    });

    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
  });
});
