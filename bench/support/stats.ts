/** The p-th percentile (0-100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Runs `work` on `writers` loops until `durationMs` passes; counts units. */
export async function forDuration(
  writers: number,
  durationMs: number,
  work: (writer: number, iteration: number) => Promise<number>,
): Promise<{ units: number; seconds: number }> {
  const started = performance.now();
  const deadline = started + durationMs;
  let units = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let i = 0; performance.now() < deadline; i++) {
        // Not `units += await ...`: that reads `units` before the await,
        // and concurrent writers would overwrite each other's counts.
        const done = await work(writer, i);
        units += done;
      }
    }),
  );
  return { units, seconds: (performance.now() - started) / 1000 };
}
