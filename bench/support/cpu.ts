import { readdir, readFile } from 'node:fs/promises';

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds of one process so far (0 once it is gone). */
export async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // The command name is in parentheses and may hold spaces: skip past it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields.length < 13) return 0;
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds of every process whose command is `comm` (e.g. postgres). */
export async function commandCpuSeconds(comm: string): Promise<number> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const seconds = await Promise.all(
    pids.map(async (pid) => {
      const name = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
      return name.trim() === comm ? processCpuSeconds(Number(pid)) : 0;
    }),
  );
  return seconds.reduce((sum, s) => sum + s, 0);
}

export interface CpuShares {
  /** CPU milliseconds per unit of work, by who spent them. */
  readonly msPerUnit: Readonly<Record<string, number>>;
}

/**
 * Measures the CPU that `work` costs the service process, PostgreSQL (all
 * its backends, as they serve the run's database alone during a benchmark)
 * and this process (the load generator), per unit `work` reports done.
 * Backends that end during `work` take their CPU with them, so pools must
 * be warm; PostgreSQL's share is then a slight underestimate at worst.
 */
export async function cpuPerUnit(
  servicePid: number,
  work: () => Promise<number>,
): Promise<CpuShares & { units: number }> {
  const sample = async () => ({
    service: await processCpuSeconds(servicePid),
    postgres: await commandCpuSeconds('postgres'),
    load: process.cpuUsage(),
  });
  const before = await sample();
  const units = await work();
  const after = await sample();
  const loadUsage = process.cpuUsage(before.load);
  const perUnit = (seconds: number) =>
    units > 0 ? (seconds * 1000) / units : Number.NaN;
  return {
    units,
    msPerUnit: {
      service: perUnit(after.service - before.service),
      postgres: perUnit(after.postgres - before.postgres),
      load: perUnit((loadUsage.user + loadUsage.system) / 1e6),
    },
  };
}
