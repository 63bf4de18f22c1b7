import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

import { simulatorOptionsFromEnv } from './env-options';
import { startGraphSimulator } from './simulator';

// Standalone: `npm run start:simulator`. The credentials printed are the
// simulator's own, made up from the seed, so printing them leaks nothing.
async function main(): Promise<void> {
  const options = simulatorOptionsFromEnv(process.env);
  const simulator = await startGraphSimulator(options);
  const lines = [
    `Graph simulator listening`,
    `  GRAPH_BASE_URL=${simulator.baseUrl}`,
    `  GRAPH_AUTHORITY_HOST=${simulator.authorityHost}`,
  ];
  if (simulator.certificatePem) {
    const file = resolve(options.certificateOut);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, simulator.certificatePem);
    lines.push(`  certificate: ${file} (trust it with NODE_EXTRA_CA_CERTS)`);
  }
  for (const tenant of simulator.tenants) {
    lines.push(
      `  tenant ${tenant.tenantId}`,
      `    client id:     ${tenant.clientId}`,
      `    client secret: ${tenant.clientSecret}`,
      `    policies:      ${tenant.policies.length}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `graph simulator failed to start: ${(error as Error).message}\n`,
  );
  process.exit(1);
});
