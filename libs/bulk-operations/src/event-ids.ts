import { createHash } from 'node:crypto';

/**
 * A name-based UUID (RFC 9562 version 8, from SHA-256 of the parts): the
 * same parts always give the same id, so a retried append of the same fact
 * carries the same event id and the store recognises it as a repeat.
 */
export function deterministicEventId(...parts: readonly string[]): string {
  const bytes = createHash('sha256').update(parts.join('\u0000')).digest();
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
