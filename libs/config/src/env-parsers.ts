/**
 * Parsers for single environment variables. Each returns the parsed value
 * or throws a message that says what is expected; the loader prefixes the
 * variable's name.
 */
export type EnvParser<T> = (raw: string) => T;

export const integer =
  (min: number, max: number): EnvParser<number> =>
  (raw) => {
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      throw new Error(`an integer from ${min} to ${max}`);
    }
    return value;
  };

export const oneOf =
  <T extends string>(...values: readonly T[]): EnvParser<T> =>
  (raw) => {
    if (!values.includes(raw as T)) {
      throw new Error(`one of ${values.join(', ')}`);
    }
    return raw as T;
  };

export const url =
  (...protocols: readonly string[]): EnvParser<string> =>
  (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error(`a URL with scheme ${protocols.join(' or ')}`);
    }
    if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
      throw new Error(`a URL with scheme ${protocols.join(' or ')}`);
    }
    return raw.replace(/\/+$/, '');
  };

export const boolean: EnvParser<boolean> = (raw) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error('true or false');
};

export const text =
  (minLength = 1, pattern?: RegExp): EnvParser<string> =>
  (raw) => {
    if (raw.length < minLength || (pattern && !pattern.test(raw))) {
      throw new Error(
        pattern
          ? `text matching ${pattern}`
          : `text of at least ${minLength} characters`,
      );
    }
    return raw;
  };

/** A 256-bit key, given as 64 hex digits or 44 characters of base64. */
export const key256: EnvParser<Buffer> = (raw) => {
  const bytes = /^[0-9a-f]{64}$/i.test(raw)
    ? Buffer.from(raw, 'hex')
    : Buffer.from(raw, 'base64');
  if (
    bytes.length !== 32 ||
    (!/^[0-9a-f]{64}$/i.test(raw) && raw.length !== 44)
  ) {
    throw new Error('a 32-byte key as 64 hex digits or base64');
  }
  return bytes;
};
