const REDACTED = '[redacted]';

// Names whose values are credentials wherever they appear: query strings,
// form bodies, JSON, `name: value` text.
const SECRET_NAMES =
  '(?:access[_-]?token|refresh[_-]?token|id[_-]?token|client[_-]?secret|client[_-]?assertion|password|passwd|api[_-]?key|sig)';

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // Header lines and JSON header maps: the whole value, whatever the scheme.
  [/("?authorization"?\s*[:=]\s*"?)[^"\r\n,;}]+/gi, `$1${REDACTED}`],
  [/\b(bearer|basic)\s+[\w\-.~+/]+=*/gi, `$1 ${REDACTED}`],
  // JSON: "client_secret": "..." with escapes inside the value.
  [
    new RegExp(`("${SECRET_NAMES}"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*`, 'gi'),
    `$1${REDACTED}`,
  ],
  // The same inside a JSON string (an error body quoted in another one).
  [
    new RegExp(
      `(\\\\"${SECRET_NAMES}\\\\"\\s*:\\s*\\\\")(?:[^"\\\\]|\\\\[^"])*`,
      'gi',
    ),
    `$1${REDACTED}`,
  ],
  // Query strings, form bodies and `name: value` prose.
  [
    new RegExp(
      `(\\b${SECRET_NAMES}\\s*[=:]\\s*)(?!\\[redacted\\])[^\\s&"',;}]+`,
      'gi',
    ),
    `$1${REDACTED}`,
  ],
  // JWTs: base64url JSON header, payload, optional signature.
  [/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, '[jwt]'],
  // Any other three long base64url segments (opaque signed tokens).
  [/\b[\w-]{16,}\.[\w-]{16,}\.[\w-]{16,}\b/g, '[token]'],
  // Entra client secrets: `xxx8Q~` followed by ~34 characters.
  [/\b[\w.-]{3}\dQ~[\w.~-]{30,}/g, '[secret]'],
  // E-mail addresses, plain and percent-encoded (UPNs in URLs).
  [/[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+/g, '[email]'],
];

/**
 * Makes text safe to store and log: removes bearer tokens, JWTs, client
 * secrets, credential parameters (`access_token=`, `client_secret=`,
 * `refresh_token=`, `password=`, in query strings, forms and JSON),
 * `Authorization` values and e-mail addresses, flattens it to one line and
 * cuts it to `maxLength`. Graph request ids and error codes survive.
 * `knownSecrets` are removed verbatim first (e.g. the tenant's own secret).
 */
export function sanitizeMessage(
  text: string,
  maxLength = 500,
  knownSecrets: readonly string[] = [],
): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) {
    result = result.replace(pattern, replacement);
  }
  result = result.replace(/\s+/g, ' ').trim();
  if (result.length <= maxLength) return result;
  return `${result.slice(0, Math.max(0, maxLength - 3))}...`;
}
