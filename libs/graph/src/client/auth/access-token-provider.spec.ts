import { AccessTokenProvider } from './access-token-provider';
import { StaticGraphCredentialsSource } from './graph-credentials-source';

describe('AccessTokenProvider', () => {
  let now = 0;
  let issued = 0;
  const bodies: URLSearchParams[] = [];
  const fakeFetch = (async (_url: string, init: RequestInit) => {
    bodies.push(init.body as URLSearchParams);
    issued += 1;
    return new Response(
      JSON.stringify({ access_token: `t${issued}`, expires_in: 3600 }),
      { status: 200 },
    );
  }) as unknown as typeof fetch;

  const provider = () =>
    new AccessTokenProvider(
      new StaticGraphCredentialsSource(
        new Map([
          ['t', { entraTenantId: 'e', clientId: 'c', clientSecret: 's' }],
        ]),
      ),
      {
        authorityHost: 'http://authority',
        scope: 'https://graph.microsoft.com/.default',
        refreshMarginMs: 300_000,
        timeoutMs: 1000,
        fetch: fakeFetch,
      },
      () => now,
    );

  beforeEach(() => {
    now = 0;
    issued = 0;
    bodies.length = 0;
  });

  it('caches a token until shortly before it expires', async () => {
    const tokens = provider();

    expect(await tokens.tokenFor('t')).toBe('t1');
    now = 3_299_000;
    expect(await tokens.tokenFor('t')).toBe('t1');
    now = 3_300_000;
    expect(await tokens.tokenFor('t')).toBe('t2');
  });

  it('shares one acquisition between concurrent callers', async () => {
    const tokens = provider();

    const all = await Promise.all([1, 2, 3].map(() => tokens.tokenFor('t')));

    expect(all).toEqual(['t1', 't1', 't1']);
    expect(issued).toBe(1);
  });

  it('replaces a token Graph rejected', async () => {
    const tokens = provider();
    const first = await tokens.tokenFor('t');

    expect(await tokens.tokenFor('t', first)).toBe('t2');
  });

  it('asks with the client-credentials grant', async () => {
    await provider().tokenFor('t');

    expect(Object.fromEntries(bodies[0])).toEqual({
      grant_type: 'client_credentials',
      client_id: 'c',
      client_secret: 's',
      scope: 'https://graph.microsoft.com/.default',
    });
  });

  it('fails a tenant without credentials as forbidden', async () => {
    await expect(provider().tokenFor('other')).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
