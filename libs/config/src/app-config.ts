import { ConfigurationError } from './configuration-error';
import {
  boolean,
  EnvParser,
  integer,
  key256,
  oneOf,
  text,
  url,
} from './env-parsers';

export type NodeEnv = 'development' | 'test' | 'production';

/**
 * The validated configuration of every process. Built once from the
 * environment by {@link loadAppConfig}; injected as a class token.
 */
export class AppConfig {
  readonly nodeEnv!: NodeEnv;
  readonly port!: number;
  /**
   * How long an idle keep-alive connection stays open; longer than the
   * idle timeout of a load balancer in front (often 60 s), so the server
   * never closes a connection the balancer is about to reuse.
   */
  readonly httpKeepAliveTimeoutMs!: number;
  /** Unset in the local default: an embedded PostgreSQL is started. */
  readonly databaseUrl?: string;
  readonly embeddedPostgresDir!: string;
  readonly migrateOnStart!: boolean;
  readonly redisUrl!: string;
  readonly redisPrefix!: string;
  /** Set to an `esdb://` URL to use EventStoreDB instead of PostgreSQL. */
  readonly eventStoreUrl?: string;
  readonly maxEventBytes!: number;
  readonly graphBaseUrl!: string;
  readonly graphAuthorityHost!: string;
  readonly graphRequestsPer20s!: number;
  readonly authJwtSecret?: string;
  readonly authJwksUrl?: string;
  readonly secretsKey!: Buffer;
  readonly logLevel!: string;
  readonly logFormat!: 'json' | 'pretty';
  readonly workerConcurrency!: number;
  readonly maxPoliciesPerRun!: number;
  /** Bull attempts per item for retryable capture failures. */
  readonly captureAttempts!: number;
  /** First backoff between attempts; doubles each time. */
  readonly captureBackoffMs!: number;
  /** A capture running longer is aborted. */
  readonly captureTimeoutMs!: number;
  /** How often the reconciler looks for items with neither outcome nor job; 0 turns it off. */
  readonly reconcileIntervalMs!: number;
  /** Runs younger than this are left to the saga. */
  readonly reconcileGraceMs!: number;
  /** Bull's job lock; a dead worker's jobs resume within about lock + stall interval. */
  readonly queueLockDurationMs!: number;
  readonly queueStalledIntervalMs!: number;
  /** Readiness fails when a projection's oldest unapplied event is older. */
  readonly projectionMaxLagSeconds!: number;
  /** Commands (add-policies, inventory sync) a user may send per minute. */
  readonly commandsPerUserPerMinute!: number;
  /** Commands per tenant per minute, whoever sends them. */
  readonly commandsPerTenantPerMinute!: number;
}

type Env = Readonly<Record<string, string | undefined>>;

// Development-only fallbacks; production refuses to start without real ones.
const DEV_JWT_SECRET = 'development-only-jwt-secret-change-me-please';
const DEV_SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');

/**
 * Validates the environment and returns the typed configuration.
 * @throws ConfigurationError naming every bad variable and what it expects.
 */
export function loadAppConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];

  function read<T>(name: string, parse: EnvParser<T>, fallback?: string): T;
  function read<T>(name: string, parse: EnvParser<T>): T | undefined;
  function read<T>(name: string, parse: EnvParser<T>, fallback?: string) {
    const raw = env[name]?.trim() || fallback;
    if (raw === undefined) return undefined;
    try {
      return parse(raw);
    } catch (error) {
      problems.push(
        `${name} must be ${(error as Error).message} (got "${redact(name, raw)}")`,
      );
      return undefined;
    }
  }

  const nodeEnv = read(
    'NODE_ENV',
    oneOf<NodeEnv>('development', 'test', 'production'),
    'development',
  );
  const production = nodeEnv === 'production';
  const authJwksUrl = read('AUTH_JWKS_URL', url('https', 'http'));
  const authJwtSecret = read(
    'AUTH_JWT_SECRET',
    text(32),
    production || authJwksUrl ? undefined : DEV_JWT_SECRET,
  );
  const secretsKey = read(
    'SECRETS_KEY',
    key256,
    production ? undefined : DEV_SECRETS_KEY,
  );
  const databaseUrl = read('DATABASE_URL', url('postgres', 'postgresql'));

  if (!authJwtSecret && !authJwksUrl && !problems.some(isAuth)) {
    problems.push(
      'AUTH_JWT_SECRET or AUTH_JWKS_URL must be set (an HS256 secret of at least 32 characters, or a JWKS URL)',
    );
  }
  if (production && !secretsKey && !problems.some(isKey)) {
    problems.push(
      'SECRETS_KEY must be set (a 32-byte key as 64 hex digits or base64)',
    );
  }
  if (production && !databaseUrl && !problems.some(isDb)) {
    problems.push('DATABASE_URL must be set in production (a postgres:// URL)');
  }

  const config: AppConfig = {
    nodeEnv,
    port: read('PORT', integer(0, 65535), '3000'),
    httpKeepAliveTimeoutMs: read(
      'HTTP_KEEP_ALIVE_TIMEOUT_MS',
      integer(1_000, 600_000),
      '65000',
    ),
    databaseUrl,
    embeddedPostgresDir: read('EMBEDDED_PG_DIR', text(), '.data/postgres'),
    migrateOnStart: read(
      'DATABASE_MIGRATE',
      boolean,
      production ? 'false' : 'true',
    ),
    redisUrl: read(
      'REDIS_URL',
      url('redis', 'rediss'),
      'redis://127.0.0.1:6379',
    ),
    redisPrefix: read('REDIS_PREFIX', text(1, /^[\w:.-]+$/), 'bulkops'),
    eventStoreUrl: read('EVENTSTORE_URL', url('esdb', 'esdb+discover')),
    maxEventBytes: read(
      'EVENT_MAX_BYTES',
      integer(1024, 64 * 1024 * 1024),
      '1048576',
    ),
    graphBaseUrl: read(
      'GRAPH_BASE_URL',
      url('https', 'http'),
      'https://graph.microsoft.com/beta',
    ),
    graphAuthorityHost: read(
      'GRAPH_AUTHORITY_HOST',
      url('https', 'http'),
      'https://login.microsoftonline.com',
    ),
    // Up to 100,000: a simulator or a tenant with a raised Graph quota.
    graphRequestsPer20s: read('GRAPH_RATE_PER_20S', integer(1, 100_000), '900'),
    authJwtSecret,
    authJwksUrl,
    secretsKey: secretsKey as Buffer,
    logLevel: read(
      'LOG_LEVEL',
      oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
      'info',
    ),
    logFormat: read(
      'LOG_FORMAT',
      oneOf('json', 'pretty'),
      production ? 'json' : 'pretty',
    ),
    workerConcurrency: read('WORKER_CONCURRENCY', integer(1, 256), '8'),
    maxPoliciesPerRun: read('MAX_POLICIES_PER_RUN', integer(1, 100000), '1000'),
    captureAttempts: read('CAPTURE_ATTEMPTS', integer(1, 50), '5'),
    captureBackoffMs: read('CAPTURE_BACKOFF_MS', integer(0, 3_600_000), '2000'),
    captureTimeoutMs: read(
      'CAPTURE_TIMEOUT_MS',
      integer(100, 3_600_000),
      '120000',
    ),
    reconcileIntervalMs: read(
      'RECONCILE_INTERVAL_MS',
      integer(0, 3_600_000),
      '30000',
    ),
    reconcileGraceMs: read(
      'RECONCILE_GRACE_MS',
      integer(0, 3_600_000),
      '30000',
    ),
    queueLockDurationMs: read(
      'QUEUE_LOCK_DURATION_MS',
      integer(500, 600_000),
      '15000',
    ),
    commandsPerUserPerMinute: read(
      'COMMAND_RATE_PER_USER',
      integer(1, 1_000_000),
      '120',
    ),
    commandsPerTenantPerMinute: read(
      'COMMAND_RATE_PER_TENANT',
      integer(1, 1_000_000),
      '600',
    ),
    queueStalledIntervalMs: read(
      'QUEUE_STALLED_INTERVAL_MS',
      integer(500, 600_000),
      '10000',
    ),
    projectionMaxLagSeconds: read(
      'PROJECTION_MAX_LAG_SECONDS',
      integer(1, 86_400),
      '60',
    ),
  };

  if (problems.length > 0) throw new ConfigurationError(problems);
  return Object.freeze(Object.assign(new AppConfig(), config));
}

const isAuth = (p: string) => p.startsWith('AUTH_');
const isKey = (p: string) => p.startsWith('SECRETS_KEY');
const isDb = (p: string) => p.startsWith('DATABASE_URL');

function redact(name: string, raw: string): string {
  if (/SECRET|KEY|PASSWORD|TOKEN/.test(name)) return '***';
  try {
    const parsed = new URL(raw);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return raw.length > 80 ? `${raw.slice(0, 80)}...` : raw;
  }
}
