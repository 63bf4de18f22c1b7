import { loadAppConfig } from './app-config';
import { ConfigurationError } from './configuration-error';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadAppConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadAppConfig', () => {
  it('uses the local defaults when nothing is set', () => {
    const config = loadAppConfig({});

    expect(config.nodeEnv).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.secretsKey).toHaveLength(32);
    expect(config.migrateOnStart).toBe(true);
  });

  it('names the variable and what it expects for a malformed value', () => {
    expect(problemsOf({ PORT: 'eighty' })).toEqual([
      'PORT must be an integer from 0 to 65535 (got "eighty")',
    ]);
    expect(problemsOf({ REDIS_URL: 'http://x' })[0]).toMatch(
      /^REDIS_URL must be a URL with scheme redis or rediss/,
    );
    expect(problemsOf({ EVENTSTORE_URL: 'tcp://es:1113' })[0]).toMatch(
      /^EVENTSTORE_URL must be a URL with scheme esdb or esdb\+discover/,
    );
  });

  it('never echoes a secret it rejects', () => {
    const [problem] = problemsOf({ SECRETS_KEY: 'short-but-secret' });

    expect(problem).toBe(
      'SECRETS_KEY must be a 32-byte key as 64 hex digits or base64 (got "***")',
    );
  });

  it('hides the password of a rejected URL', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://u:hunter2@db/x' });

    expect(problem).not.toContain('hunter2');
  });

  it('requires real secrets and a database in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^AUTH_JWT_SECRET or AUTH_JWKS_URL must be set/),
      expect.stringMatching(/^SECRETS_KEY must be set/),
      expect.stringMatching(/^DATABASE_URL must be set in production/),
    ]);
  });

  it('accepts a complete production configuration', () => {
    const config = loadAppConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://app@db:5432/bulkops',
      AUTH_JWKS_URL: 'https://login.example.test/keys',
      SECRETS_KEY: 'ab'.repeat(32),
    });

    expect(config.authJwtSecret).toBeUndefined();
    expect(config.migrateOnStart).toBe(false);
    expect(config.logFormat).toBe('json');
  });
});
