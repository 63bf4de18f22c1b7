import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

import { loadAppConfigOrExit } from '@app/config';
import { configureHttpApp } from '@app/http';
import { TokenIssuer } from '@app/identity';

import { ConsoleDevToken } from '../../api/src/console';
import { startGraphSimulator } from '../../graph-simulator/src';
import { simulatorOptionsFromEnv } from '../../graph-simulator/src/env-options';
import { DemoSeeder } from '../../cli/src/demo-seed/demo-seeder';
import { ensureLocalRedis } from './local-redis';
import { LocalModule } from './local.module';

/** The demo tenant's id in our tables, stable across restarts. */
const DEMO_TENANT_ID =
  process.env.DEMO_TENANT_ID ?? '0d3e0000-0000-4000-8000-000000000001';

/**
 * `npm start`: everything in one process on local defaults: embedded
 * PostgreSQL unless DATABASE_URL is set, Redis (started when installed and
 * not running), the Graph simulator unless GRAPH_BASE_URL is set, and a
 * seeded demo tenant. Prints the URL and a development token.
 */
async function bootstrap(): Promise<void> {
  const config = loadAppConfigOrExit();
  const redis = await ensureLocalRedis(config.redisUrl);

  const simulator = process.env.GRAPH_BASE_URL
    ? undefined
    : await startGraphSimulator(simulatorOptionsFromEnv(process.env));
  if (simulator) {
    process.env.GRAPH_BASE_URL = simulator.baseUrl;
    process.env.GRAPH_AUTHORITY_HOST = simulator.authorityHost;
  }

  const app = await NestFactory.create(LocalModule.forRoot(), {
    bufferLogs: true,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  configureHttpApp(app);
  app.enableShutdownHooks();
  // The simulator ends with the process; a Redis we started must too.
  process.once('exit', () => redis?.kill());
  await app.listen(config.port);

  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  let seeded = '';
  if (simulator) {
    const demo = simulator.tenants[0];
    const result = await app.get(DemoSeeder).seed({
      tenantId: DEMO_TENANT_ID,
      displayName: 'Demo tenant (Graph simulator)',
      backupSetName: 'Demo backup set',
      entraTenantId: demo.tenantId,
      graphClientId: demo.clientId,
      graphClientSecret: demo.clientSecret,
      syncFromGraph: true,
    });
    seeded = `\n  demo tenant ${result.tenantId}: backup set ${result.backupSetId}, ${result.policyIds.length} policies`;
  }
  const token = await app.get(TokenIssuer).issue({
    userId: 'local-operator',
    tenants: [[DEMO_TENANT_ID, 'operator']],
  });
  app.get(ConsoleDevToken).offer(token);
  process.stdout.write(
    `\nService ready at ${url} (OpenAPI at ${url}/docs, console at ${url}/console)${seeded}\n` +
      `  development token (operator of the demo tenant):\n  ${token}\n\n`,
  );
}

void bootstrap();
