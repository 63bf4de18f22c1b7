import { Injectable } from '@nestjs/common';
import {
  createRemoteJWKSet,
  errors,
  JWTPayload,
  jwtVerify,
  JWTVerifyGetKey,
} from 'jose';

import { AppConfig } from '@app/config';
import { UnauthenticatedError } from '@app/errors';

import { AuthenticatedUser } from './authenticated-user';
import { parseTenantsClaim, TENANTS_CLAIM } from './tenant-claims';

/** Leeway for clocks that disagree a little between issuer and API. */
const CLOCK_TOLERANCE_SECONDS = 5;
const MAX_SUB_LENGTH = 256;
/** Verified tokens remembered, and for how long at most. */
const VERIFIED_CAPACITY = 10_000;
const VERIFIED_TTL_MS = 60_000;

interface Verified {
  readonly user: AuthenticatedUser;
  readonly untilMs: number;
}

/**
 * Verifies bearer tokens: HS256 under `AUTH_JWT_SECRET`, RS256 or ES256
 * under the key set at `AUTH_JWKS_URL` (both when both are configured; the
 * token's `alg` picks the key). Tokens must carry `sub` and `exp`.
 *
 * A token that verified is remembered, keyed by its exact text, until its
 * `exp` or for a minute, whichever comes first: clients send the same
 * token with every request, and checking its signature each time was a
 * tenth of a command's CPU. The price: a key withdrawn from the key set
 * stops being trusted up to a minute late.
 */
@Injectable()
export class TokenVerifier {
  private readonly algorithms: string[] = [];
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  private readonly verified = new Map<string, Verified>();

  constructor(config: AppConfig) {
    if (config.authJwtSecret) {
      this.secret = new TextEncoder().encode(config.authJwtSecret);
      this.algorithms.push('HS256');
    }
    if (config.authJwksUrl) {
      this.jwks = createRemoteJWKSet(new URL(config.authJwksUrl));
      this.algorithms.push('RS256', 'ES256');
    }
  }

  /**
   * @throws UnauthenticatedError for a missing, malformed, expired, not yet
   *   valid or badly signed token, or one whose claims are malformed.
   * @throws Error when the key set cannot be fetched (not the caller's
   *   fault, so not a 401).
   */
  async verify(token: string): Promise<AuthenticatedUser> {
    const known = this.verified.get(token);
    if (known && Date.now() < known.untilMs) return known.user;
    if (known) this.verified.delete(token);

    const { user, expiresAtMs } = await this.verifySignedToken(token);
    this.remember(token, {
      user,
      untilMs: Math.min(expiresAtMs, Date.now() + VERIFIED_TTL_MS),
    });
    return user;
  }

  private async verifySignedToken(
    token: string,
  ): Promise<{ user: AuthenticatedUser; expiresAtMs: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keyFor, {
        algorithms: this.algorithms,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw toUnauthenticated(error);
    }

    const tenants = parseTenantsClaim(payload[TENANTS_CLAIM]);
    if (!tenants) {
      throw new UnauthenticatedError(
        'The token has a malformed tenants claim.',
      );
    }
    if (!payload.sub || payload.sub.length > MAX_SUB_LENGTH) {
      throw new UnauthenticatedError('The token has a malformed subject.');
    }
    return {
      user: { id: payload.sub, tenants },
      // `exp` is required, so jose has checked it is a number.
      expiresAtMs: (payload.exp as number) * 1000,
    };
  }

  private remember(token: string, entry: Verified): void {
    this.verified.set(token, entry);
    if (this.verified.size > VERIFIED_CAPACITY) {
      this.verified.delete(this.verified.keys().next().value as string);
    }
  }

  private readonly keyFor: JWTVerifyGetKey = (header, token) => {
    if (header.alg === 'HS256' && this.secret) return this.secret;
    if (this.jwks) return this.jwks(header, token);
    // jose rejects a disallowed alg before asking for a key.
    throw new errors.JOSEAlgNotAllowed('no key for this algorithm');
  };
}

function toUnauthenticated(error: unknown): Error {
  if (
    error instanceof errors.JWKSTimeout ||
    (error instanceof Error && !(error instanceof errors.JOSEError))
  ) {
    return new Error('cannot verify tokens: the key set is unavailable', {
      cause: error,
    });
  }
  return new UnauthenticatedError(reasonOf(error), {}, { cause: error });
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.claim === 'nbf'
      ? 'The token is not valid yet.'
      : `The token's ${error.claim} claim is missing or invalid.`;
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey
  ) {
    return 'The token signature is not valid.';
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return 'The token is signed with an algorithm this service does not accept.';
  }
  return 'The token is malformed.';
}
