import { PostgresEventStore, START } from '@app/event-store';

/** What the parent asks for; the answer is `{ events, seconds }` on stdout. */
export interface CatchUpRead {
  readonly url: string;
  /**
   * Events per page. A subscription reads the store's default page of
   * 1,000; the runner's catch-up reads 5,000, which its writes favour
   * but which alone read a third slower (a page outlives more scavenges).
   */
  readonly pageSize: number;
}

/**
 * Reads the whole global log from the start, page after page, in a fresh
 * process started with the worker's Node flags: the worker is where
 * projections catch up. (Read in the benchmark's own process after the
 * other benchmarks, whose heap has grown by then, the same read spends
 * half again as much CPU collecting garbage.)
 */
async function main(): Promise<void> {
  const { url, pageSize } = JSON.parse(process.argv[2]) as CatchUpRead;
  const store = new PostgresEventStore({
    connectionString: url,
    maxEventBytes: 1024 * 1024,
    poolSize: 1,
  });
  try {
    const started = performance.now();
    let events = 0;
    let from = START;
    for (;;) {
      const page = await store.readAll({ from, maxCount: pageSize });
      if (page.length === 0) break;
      events += page.length;
      from = page[page.length - 1].position;
    }
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(JSON.stringify({ events, seconds }));
  } finally {
    await store.close();
  }
}

void main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
