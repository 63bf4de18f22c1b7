import { randomBytes } from 'node:crypto';

import { SecretBox } from './secret-box';
import { SecretDecryptionError } from './secret-decryption.error';

describe('SecretBox', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);

  it('decrypts what it encrypted', () => {
    const stored = box.encrypt('client-secret~with.dots', 'tenant-1');

    expect(box.decrypt(stored, 'tenant-1')).toBe('client-secret~with.dots');
  });

  it('never stores the plaintext and uses a fresh IV per value', () => {
    const first = box.encrypt('same value');
    const second = box.encrypt('same value');

    expect(first).not.toContain('same value');
    expect(first).not.toBe(second);
    expect(first.split('.')[2]).not.toBe(second.split('.')[2]);
  });

  it('names the key it wrote under', () => {
    const stored = box.encrypt('x');

    expect(stored.split('.').slice(0, 2)).toEqual(['enc1', box.currentKeyId]);
  });

  it.each([
    ['ciphertext', 3],
    ['tag', 4],
    ['iv', 2],
  ])('detects a tampered %s', (_part, index) => {
    const parts = box.encrypt('secret value').split('.');
    const bytes = Buffer.from(parts[index], 'base64url');
    bytes[0] ^= 1;
    parts[index] = bytes.toString('base64url');

    expect(() => box.decrypt(parts.join('.'))).toThrow(SecretDecryptionError);
  });

  it('rejects a value bound to another context', () => {
    const stored = box.encrypt('secret value', 'tenant-1');

    expect(() => box.decrypt(stored, 'tenant-2')).toThrow(
      SecretDecryptionError,
    );
  });

  it('rejects a value written under an unknown key', () => {
    const other = new SecretBox(randomBytes(32));

    expect(() => other.decrypt(box.encrypt('secret value'))).toThrow(
      /no key with id/,
    );
  });

  it('rejects a wrong key even when it claims the right key id', () => {
    const parts = box.encrypt('secret value').split('.');
    const impostor = new SecretBox(randomBytes(32));
    parts[1] = impostor.currentKeyId;

    expect(() => impostor.decrypt(parts.join('.'))).toThrow(
      /failed authentication/,
    );
  });

  it('rejects malformed values without echoing them', () => {
    expect(() => box.decrypt('plain-text-secret')).toThrow(
      'cannot decrypt secret: the value is not in a known format',
    );
  });

  it('reads values of a retired key after rotation', () => {
    const stored = box.encrypt('secret value');
    const rotated = new SecretBox(randomBytes(32), [key]);

    expect(rotated.decrypt(stored)).toBe('secret value');
    expect(rotated.needsRotation(stored)).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt('x'))).toBe(false);
  });

  it('refuses keys that are not 256 bits', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
