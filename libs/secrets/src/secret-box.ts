import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
} from 'node:crypto';

import { SecretDecryptionError } from './secret-decryption.error';

const FORMAT = 'enc1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Authenticated encryption of short strings (credentials) for storage.
 *
 * Stored form: `enc1.<keyId>.<iv>.<ciphertext>.<tag>`, parts in base64url.
 * The key id is a fingerprint of the key, so values written under an older
 * key stay readable while that key is still in the ring; new values always
 * use the current key. An optional `context` (e.g. the owning row's id) is
 * bound as additional data, so a value copied to another row fails to
 * decrypt.
 */
export class SecretBox {
  private readonly current: { readonly id: string; readonly key: Buffer };
  private readonly ring: ReadonlyMap<string, Buffer>;

  /** Encrypts under `current`; also decrypts values written under `older`. */
  constructor(current: Buffer, older: readonly Buffer[] = []) {
    const keys = [current, ...older];
    if (keys.some((key) => key.length !== 32)) {
      throw new Error('a SecretBox key has 32 bytes');
    }
    this.current = { id: keyId(current), key: current };
    this.ring = new Map(keys.map((key) => [keyId(key), key]));
  }

  /** The id of the key new values are written under. */
  get currentKeyId(): string {
    return this.current.id;
  }

  encrypt(plaintext: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.current.key, iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
    ]);
    return [FORMAT, this.current.id, iv, body, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : b64(part)))
      .join('.');
  }

  /** @throws SecretDecryptionError when the value is malformed, was
   * tampered with, belongs to another context, or its key is unknown. */
  decrypt(stored: string, context = ''): string {
    const parts = stored.split('.');
    if (parts.length !== 5 || parts[0] !== FORMAT) {
      throw new SecretDecryptionError('the value is not in a known format');
    }
    const [, id, iv, body, tag] = parts;
    const key = this.ring.get(id);
    if (!key) throw new SecretDecryptionError(`no key with id ${id}`);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, unb64(iv), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(unb64(tag));
      return Buffer.concat([
        decipher.update(unb64(body)),
        decipher.final(),
      ]).toString('utf8');
    } catch (error) {
      throw new SecretDecryptionError('the value failed authentication', {
        cause: error,
      });
    }
  }

  /** Whether `stored` was written under an older key and should be
   * re-encrypted. */
  needsRotation(stored: string): boolean {
    return stored.split('.')[1] !== this.current.id;
  }
}

/** A short, non-reversible fingerprint that names a key in stored values. */
function keyId(key: Buffer): string {
  return createHash('sha256')
    .update('bulkops-secret-box-key-id:')
    .update(key)
    .digest('hex')
    .slice(0, 8);
}

const b64 = (bytes: Buffer) => bytes.toString('base64url');
const unb64 = (text: string) => Buffer.from(text, 'base64url');
