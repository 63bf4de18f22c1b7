import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';

import { AppConfig } from '@app/config';

import { Role } from './roles';
import { tenantsClaim, TENANTS_CLAIM, UUID } from './tenant-claims';

export interface TokenRequest {
  readonly userId: string;
  /** Tenant id to role. */
  readonly tenants: Iterable<readonly [string, Role]>;
  /** Lifetime; 8 hours unless given. */
  readonly expiresInSeconds?: number;
  /** Overrides the issue time (tests of expiry). */
  readonly issuedAt?: Date;
}

export const DEV_TOKEN_ISSUER = 'bulkops-development';

/**
 * Signs development and test tokens with the HS256 secret. Production
 * tokens come from the identity provider; this only mirrors their shape.
 */
@Injectable()
export class TokenIssuer {
  constructor(private readonly config: AppConfig) {}

  async issue(request: TokenRequest): Promise<string> {
    if (!this.config.authJwtSecret) {
      throw new Error('issuing tokens needs AUTH_JWT_SECRET');
    }
    const tenants = [...request.tenants];
    const badTenant = tenants.find(([id]) => !UUID.test(id));
    if (badTenant) throw new Error(`tenant ${badTenant[0]} is not a UUID`);
    if (!request.userId) throw new Error('a token needs a user id');

    const issuedAt = Math.floor(
      (request.issuedAt ?? new Date()).getTime() / 1000,
    );
    return new SignJWT({ [TENANTS_CLAIM]: tenantsClaim(tenants) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(request.userId)
      .setIssuer(DEV_TOKEN_ISSUER)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + (request.expiresInSeconds ?? 8 * 3600))
      .sign(new TextEncoder().encode(this.config.authJwtSecret));
  }
}
