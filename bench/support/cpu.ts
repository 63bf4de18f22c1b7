import { readdir, readFile } from 'node:fs/promises';

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/**
 * User plus system CPU seconds of one process so far (0 once it is gone),
 * with its reaped children's when asked.
 */
export async function processCpuSeconds(
  pid: number,
  withReapedChildren = false,
): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // The command name is in parentheses and may hold spaces: skip past it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields.length < 15) return 0;
  const own = Number(fields[11]) + Number(fields[12]);
  const children = withReapedChildren
    ? Number(fields[13]) + Number(fields[14])
    : 0;
  return (own + children) / TICKS_PER_SECOND;
}

/**
 * CPU seconds of every process whose command is `comm` (e.g. postgres),
 * with the children they reaped: a backend that exits hands its CPU to
 * the postmaster's count rather than taking it out of the total.
 */
export async function commandCpuSeconds(comm: string): Promise<number> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const seconds = await Promise.all(
    pids.map(async (pid) => {
      const name = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
      return name.trim() === comm ? processCpuSeconds(Number(pid), true) : 0;
    }),
  );
  return seconds.reduce((sum, s) => sum + s, 0);
}

export interface CpuShares {
  /** CPU milliseconds per unit of work, by who spent them. */
  readonly msPerUnit: Readonly<Record<string, number>>;
}

/**
 * Runs `work` and measures the CPU it costs the service's processes,
 * PostgreSQL (all its backends, as they serve the run's database alone
 * during a benchmark) and this process (the load generator), per unit of
 * work `unitsOf` counts in its result. Backends that end during `work`
 * stay counted, through the postmaster that reaps them.
 */
export async function cpuPerUnit<T>(
  servicePids: readonly number[],
  work: () => Promise<T>,
  unitsOf: (result: T) => number,
): Promise<CpuShares & { result: T }> {
  const sample = async () => ({
    service: (
      await Promise.all(servicePids.map((pid) => processCpuSeconds(pid)))
    ).reduce((sum, seconds) => sum + seconds, 0),
    postgres: await commandCpuSeconds('postgres'),
    load: process.cpuUsage(),
  });
  const before = await sample();
  const result = await work();
  const after = await sample();
  const units = unitsOf(result);
  const loadUsage = process.cpuUsage(before.load);
  const perUnit = (seconds: number) =>
    units > 0 ? (seconds * 1000) / units : Number.NaN;
  return {
    result,
    msPerUnit: {
      service: perUnit(after.service - before.service),
      postgres: perUnit(after.postgres - before.postgres),
      load: perUnit((loadUsage.user + loadUsage.system) / 1e6),
    },
  };
}
