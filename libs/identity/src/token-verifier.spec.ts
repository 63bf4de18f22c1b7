import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import {
  exportJWK,
  generateKeyPair,
  JWK,
  JWTPayload,
  SignJWT,
  UnsecuredJWT,
} from 'jose';

import { loadAppConfig } from '@app/config';
import { UnauthenticatedError } from '@app/errors';

import { TokenIssuer } from './token-issuer';
import { TokenVerifier } from './token-verifier';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const SECRET = 'unit-test-secret-that-is-long-enough-1234';
const TENANT = randomUUID();
const now = () => Math.floor(Date.now() / 1000);

function hs(payload: JWTPayload, secret = SECRET, alg = 'HS256') {
  return new SignJWT(payload)
    .setProtectedHeader({ alg })
    .sign(new TextEncoder().encode(secret));
}

const valid = (extra: JWTPayload = {}): JWTPayload => ({
  sub: 'user-1',
  exp: now() + 60,
  tenants: { [TENANT]: 'operator' },
  ...extra,
});

async function rejection(verifier: TokenVerifier, token: string) {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  return (error as Error).message;
}

describe('TokenVerifier with an HS256 secret', () => {
  const config = loadAppConfig({ AUTH_JWT_SECRET: SECRET });
  const verifier = new TokenVerifier(config);

  it('accepts a valid token and reads the user and tenant roles', async () => {
    const user = await verifier.verify(await hs(valid()));

    expect(user.id).toBe('user-1');
    expect([...user.tenants]).toEqual([[TENANT, 'operator']]);
  });

  it('accepts tokens from the development issuer', async () => {
    const token = await new TokenIssuer(config).issue({
      userId: 'dev',
      tenants: [[TENANT.toUpperCase(), 'auditor']],
    });

    const user = await verifier.verify(token);
    expect(user.tenants.get(TENANT)).toBe('auditor');
  });

  it('rejects an expired token', async () => {
    const token = await hs(valid({ exp: now() - 60 }));

    expect(await rejection(verifier, token)).toBe('The token has expired.');
  });

  describe('remembering verified tokens', () => {
    // Only the clock is faked: jose's WebCrypto work still needs real ticks.
    beforeEach(() =>
      jest.useFakeTimers({
        doNotFake: [
          'nextTick',
          'setImmediate',
          'clearImmediate',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'queueMicrotask',
          'hrtime',
          'performance',
        ],
      }),
    );
    afterEach(() => jest.useRealTimers());

    it('stops accepting a remembered token once it expires', async () => {
      const remembering = new TokenVerifier(config);
      const token = await hs(valid({ exp: now() + 30 }));
      await remembering.verify(token);
      await remembering.verify(token);

      jest.setSystemTime(Date.now() + 40_000);

      expect(await rejection(remembering, token)).toBe(
        'The token has expired.',
      );
    });

    it('does not take a remembered token with another signature', async () => {
      const remembering = new TokenVerifier(config);
      const token = await hs(valid());
      await remembering.verify(token);
      const forged = `${token.slice(0, token.lastIndexOf('.') + 1)}${'A'.repeat(43)}`;

      expect(await rejection(remembering, forged)).toBe(
        'The token signature is not valid.',
      );
    });
  });

  it('rejects a token that is not valid yet', async () => {
    const token = await hs(valid({ nbf: now() + 60 }));

    expect(await rejection(verifier, token)).toBe(
      'The token is not valid yet.',
    );
  });

  it('rejects a token signed with another secret', async () => {
    const token = await hs(valid(), `${SECRET}-other`);

    expect(await rejection(verifier, token)).toBe(
      'The token signature is not valid.',
    );
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = (await hs(valid())).split('.');
    const forged = Buffer.from(
      JSON.stringify(valid({ sub: 'admin' })),
    ).toString('base64url');

    await rejection(verifier, `${header}.${forged}.${signature}`);
  });

  it.each(['HS384', 'HS512'])('rejects the %s algorithm', async (alg) => {
    const token = await hs(valid(), SECRET, alg);

    expect(await rejection(verifier, token)).toMatch(/algorithm/);
  });

  it('rejects an unsigned token', async () => {
    await rejection(verifier, new UnsecuredJWT(valid()).encode());
  });

  it('rejects an RS256 token when no key set is configured', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT(valid())
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);

    expect(await rejection(verifier, token)).toMatch(/algorithm/);
  });

  it.each([
    ['sub', { sub: undefined }],
    ['exp', { exp: undefined }],
  ])('rejects a token without %s', async (claim, extra) => {
    const token = await hs(valid(extra));

    expect(await rejection(verifier, token)).toBe(
      `The token's ${claim} claim is missing or invalid.`,
    );
  });

  it.each([
    ['a list', [TENANT]],
    ['a non-UUID tenant', { 'tenant-a': 'operator' }],
    ['an unknown role', { [TENANT]: 'owner' }],
  ])('rejects a tenants claim with %s', async (_case, tenants) => {
    const token = await hs(valid({ tenants }));

    expect(await rejection(verifier, token)).toBe(
      'The token has a malformed tenants claim.',
    );
  });

  it('reads a token without tenants as a user with none', async () => {
    const user = await verifier.verify(await hs(valid({ tenants: undefined })));

    expect(user.tenants.size).toBe(0);
  });

  it('rejects garbage', async () => {
    expect(await rejection(verifier, 'a.b.c')).toBe('The token is malformed.');
  });
});

describe('TokenVerifier with a JWKS URL', () => {
  let server: Server;
  let jwksUrl: string;
  const keys: Record<string, PrivateKey> = {};

  beforeAll(async () => {
    const published: JWK[] = [];
    for (const alg of ['RS256', 'ES256']) {
      const pair = await generateKeyPair(alg);
      keys[alg] = pair.privateKey;
      published.push({
        ...(await exportJWK(pair.publicKey)),
        kid: alg,
        alg,
        use: 'sig',
      });
    }
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    const { port } = server.address() as AddressInfo;
    jwksUrl = `http://127.0.0.1:${port}/jwks`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const verifier = () =>
    new TokenVerifier(loadAppConfig({ AUTH_JWKS_URL: jwksUrl }));

  const signed = (alg: string, key = keys[alg], kid = alg) =>
    new SignJWT(valid()).setProtectedHeader({ alg, kid }).sign(key);

  it.each(['RS256', 'ES256'])('accepts a valid %s token', async (alg) => {
    const user = await verifier().verify(await signed(alg));

    expect(user.id).toBe('user-1');
  });

  it('rejects a token signed by a key outside the set', async () => {
    const { privateKey } = await generateKeyPair('RS256');

    expect(await rejection(verifier(), await signed('RS256', privateKey))).toBe(
      'The token signature is not valid.',
    );
  });

  it('rejects a token naming an unknown key id', async () => {
    const token = await signed('RS256', keys.RS256, 'other');

    await rejection(verifier(), token);
  });

  it('rejects HS256 when only a key set is configured', async () => {
    expect(await rejection(verifier(), await hs(valid()))).toMatch(/algorithm/);
  });

  it('accepts both kinds when a secret and a key set are configured', async () => {
    const both = new TokenVerifier(
      loadAppConfig({ AUTH_JWKS_URL: jwksUrl, AUTH_JWT_SECRET: SECRET }),
    );

    await expect(both.verify(await hs(valid()))).resolves.toBeDefined();
    await expect(both.verify(await signed('ES256'))).resolves.toBeDefined();
  });
});
