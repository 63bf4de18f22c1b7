import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One line of the table and of `.bench/latest.json`. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** What the value is compared with, measured in the same run. */
  readonly baseline: string | null;
  readonly baselineValue: number | null;
  /** value / baselineValue. */
  readonly ratio: number | null;
  /** The target in words, e.g. `<= 1.15x baseline`. */
  readonly target: string | null;
  /** Null when the line has no target of its own. */
  readonly met: boolean | null;
}

export interface Measured {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: { readonly name: string; readonly value: number };
  readonly target?: string;
  /** Decides `met` from the value and the ratio. */
  readonly meets?: (value: number, ratio: number | null) => boolean;
}

export function result(m: Measured): BenchResult {
  const ratio =
    m.baseline && m.baseline.value !== 0 ? m.value / m.baseline.value : null;
  return {
    name: m.name,
    value: round(m.value),
    unit: m.unit,
    baseline: m.baseline?.name ?? null,
    baselineValue: m.baseline ? round(m.baseline.value) : null,
    ratio: ratio === null ? null : round(ratio, 3),
    target: m.target ?? null,
    met: m.meets ? m.meets(m.value, ratio) : null,
  };
}

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function formatTable(results: readonly BenchResult[]): string {
  const rows = [
    ['benchmark', 'value', 'baseline', 'ratio', 'target', 'met'],
    ...results.map((r) => [
      r.name,
      `${r.value} ${r.unit}`,
      r.baseline === null ? '' : `${r.baselineValue} (${r.baseline})`,
      r.ratio === null ? '' : `${r.ratio}x`,
      r.target ?? '',
      r.met === null ? '' : r.met ? 'yes' : 'NO',
    ]),
  ];
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map((r) => r[i].length)),
  );
  return rows
    .map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  '))
    .join('\n');
}

export async function writeResults(
  file: string,
  results: readonly BenchResult[],
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}
