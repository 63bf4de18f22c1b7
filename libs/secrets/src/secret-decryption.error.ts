/**
 * A stored secret could not be decrypted. Never carries the value itself;
 * an internal failure (HTTP 500), not the caller's fault.
 */
export class SecretDecryptionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(`cannot decrypt secret: ${message}`, options);
    this.name = 'SecretDecryptionError';
  }
}
