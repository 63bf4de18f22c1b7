import { createHash } from 'node:crypto';

/** 32 bits of SHA-256 over the parts: a stable hash independent of order. */
export function hash32(...parts: (string | number)[]): number {
  return createHash('sha256')
    .update(parts.join('\u001f'))
    .digest()
    .readUInt32BE(0);
}

/** A version-4-shaped UUID derived from the label, same label same UUID. */
export function uuidFrom(...parts: (string | number)[]): string {
  const bytes = createHash('sha256').update(parts.join('\u001f')).digest();
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-');
}

/** Uniform in [0, 1), from the label: for rate-based decisions. */
export function unitFrom(...parts: (string | number)[]): number {
  return hash32(...parts) / 2 ** 32;
}

/** A small seeded generator (mulberry32) for the content of one object. */
export class Rng {
  private state: number;

  constructor(...parts: (string | number)[]) {
    this.state = hash32(...parts);
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  bool(probability = 0.5): boolean {
    return this.next() < probability;
  }

  /** A few distinct items, in their original order. */
  some<T>(items: readonly T[], min: number, max: number): T[] {
    const count = Math.min(items.length, this.int(min, max));
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(this.int(0, items.length - 1));
    return [...chosen].sort((a, b) => a - b).map((index) => items[index]);
  }
}
