import 'reflect-metadata';

import { resolve } from 'node:path';

import { commandBenchmark } from './benchmarks/command.bench';
import {
  endToEndBenchmark,
  memoryBenchmark,
  throttledBenchmark,
} from './benchmarks/end-to-end.bench';
import { eventStoreBenchmark } from './benchmarks/event-store.bench';
import { rebuildBenchmark } from './benchmarks/rebuild.bench';
import { BenchContext } from './support/context';
import { BenchResult, formatTable, writeResults } from './support/results';

const BENCHMARKS: Record<
  string,
  (ctx: BenchContext) => Promise<BenchResult[]>
> = {
  command: commandBenchmark,
  'end-to-end': endToEndBenchmark,
  'event-store': eventStoreBenchmark,
  rebuild: rebuildBenchmark,
  throttled: throttledBenchmark,
  memory: memoryBenchmark,
};

// `npm run bench [-- --quick] [-- --only=a,b]`
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const ctx: BenchContext = {
    quick,
    log: (message) => process.stderr.write(`  ${message}\n`),
  };
  const results: BenchResult[] = [];
  let failed = false;
  for (const [name, run] of Object.entries(BENCHMARKS)) {
    if (only && !only.includes(name)) continue;
    process.stderr.write(`${name}${quick ? ' (quick)' : ''}\n`);
    const started = Date.now();
    try {
      results.push(...(await run(ctx)));
    } catch (error) {
      failed = true;
      process.stderr.write(`  ${name} failed: ${(error as Error).stack}\n`);
    }
    ctx.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const file = resolve(process.cwd(), '.bench', 'latest.json');
  await writeResults(file, results);
  process.stdout.write(`\n${formatTable(results)}\n\nwritten to ${file}\n`);
  // A benchmark that failed half-way may leave connections open: the
  // results are written, so end here rather than wait on them.
  process.exit(failed ? 1 : 0);
}

void main();
