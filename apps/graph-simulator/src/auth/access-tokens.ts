import {
  createHmac,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';

export type TokenCheck =
  | { readonly ok: true; readonly tenantId: string }
  | { readonly ok: false; readonly reason: string };

/**
 * JWT-shaped (HS256) app-only tokens bound to a tenant by `tid`, signed
 * with a key that lives only as long as this simulator: tokens from
 * another instance, or tampered ones, fail.
 */
export class AccessTokens {
  private readonly key = randomBytes(32);

  constructor(private readonly lifetimeSeconds: number) {}

  get expiresIn(): number {
    return this.lifetimeSeconds;
  }

  issue(tenantId: string, clientId: string): string {
    const now = Math.floor(Date.now() / 1000);
    const header = encode({ typ: 'JWT', alg: 'HS256' });
    const payload = encode({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + this.lifetimeSeconds,
      appid: clientId,
      idtyp: 'app',
      roles: ['DeviceManagementConfiguration.Read.All'],
      tid: tenantId,
      uti: randomUUID(),
    });
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  check(token: string): TokenCheck {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) {
      return { ok: false, reason: 'IDX14100: JWT is not well formed.' };
    }
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const actual = Buffer.from(signature);
    if (
      expected.length !== actual.length ||
      !timingSafeEqual(expected, actual)
    ) {
      return { ok: false, reason: 'Invalid signature.' };
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
      exp: number;
      tid: string;
    };
    if (claims.exp * 1000 <= Date.now()) {
      return {
        ok: false,
        reason: 'Lifetime validation failed, the token is expired.',
      };
    }
    return { ok: true, tenantId: claims.tid };
  }

  private sign(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
