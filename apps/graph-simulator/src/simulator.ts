import {
  createServer as createHttpServer,
  Server,
  ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';

import { AccessTokens } from './auth/access-tokens';
import { loadCertificate } from './certificate';
import { VERSION_ROOT } from './http/graph-request';
import { createRequestHandler } from './http/request-handler';
import { SeededPolicy } from './seed/seeded-policy';
import { seedTenant } from './seed/tenant-seed';
import { RequestLogEntry, SimulatedTenant } from './simulated-tenant';
import { FaultOptions, GraphSimulatorOptions } from './simulator-options';

export interface SimulatedFoundation {
  readonly id: string;
  readonly displayName: string;
}

/** A seeded tenant: credentials and what a capture should find. */
export interface SimulatedTenantInfo {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly policies: readonly SeededPolicy[];
  readonly scopeTags: readonly SimulatedFoundation[];
  readonly assignmentFilters: readonly SimulatedFoundation[];
}

export interface GraphSimulator {
  /** Graph base including the version: `http://127.0.0.1:PORT/beta`. */
  readonly baseUrl: string;
  /** Token endpoint host: `${authorityHost}/${tenantId}/oauth2/v2.0/token`. */
  readonly authorityHost: string;
  readonly port: number;
  /** PEM to trust in https mode (`ca` option, NODE_EXTRA_CA_CERTS). */
  readonly certificatePem?: string;
  readonly tenants: readonly SimulatedTenantInfo[];
  tenant(tenantId: string): SimulatedTenantInfo;
  tokenUrl(tenantId: string): string;
  /** The object (any top-level id) answers 404 and leaves lists. */
  deletePolicy(tenantId: string, policyId: string): void;
  /** Replaces the tenant's faults; budgets and sequences start afresh. */
  setFaults(tenantId: string, faults: FaultOptions): void;
  /** Authenticated Graph requests, faulted ones included. */
  requestCount(tenantId: string): number;
  tokenRequestCount(tenantId: string): number;
  requestLog(tenantId: string): readonly RequestLogEntry[];
  clearRequestLog(tenantId: string): void;
  close(): Promise<void>;
}

/** Starts the simulator on 127.0.0.1; see `GraphSimulatorOptions`. */
export async function startGraphSimulator(
  options: GraphSimulatorOptions = {},
): Promise<GraphSimulator> {
  const seed = options.seed ?? 1;
  const specs = options.tenants?.length ? options.tenants : [{}];
  const tenants = new Map<string, SimulatedTenant>();
  specs.forEach((spec, position) => {
    const data = seedTenant(seed, position, spec);
    const faults = spec.faults ?? options.faults ?? {};
    tenants.set(
      data.tenantId.toLowerCase(),
      new SimulatedTenant(data, seed, faults),
    );
  });
  const certificate = options.https
    ? await loadCertificate(options.certificate)
    : undefined;
  const scheme = certificate ? 'https' : 'http';
  let origin = '';
  const hanging = new Set<ServerResponse>();
  const handler = createRequestHandler(
    {
      tenants,
      tokens: new AccessTokens(options.tokenLifetimeSeconds ?? 3599),
      paging: {
        pageSize: options.pageSize ?? 25,
        maxPageSize: options.maxPageSize ?? 999,
      },
      hanging,
    },
    () => origin,
  );
  const server: Server = certificate
    ? createHttpsServer(certificate, handler)
    : createHttpServer(handler);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `${scheme}://127.0.0.1:${port}`;

  const find = (tenantId: string): SimulatedTenant => {
    const tenant = tenants.get(tenantId.toLowerCase());
    if (!tenant) throw new Error(`unknown simulated tenant ${tenantId}`);
    return tenant;
  };
  const infos = [...tenants.values()].map(describeTenant);
  return {
    baseUrl: `${origin}${VERSION_ROOT}`,
    authorityHost: origin,
    port,
    certificatePem: certificate?.cert,
    tenants: infos,
    tenant: (tenantId) => describeTenant(find(tenantId)),
    tokenUrl: (tenantId) => `${origin}/${tenantId}/oauth2/v2.0/token`,
    deletePolicy: (tenantId, policyId) => {
      find(tenantId).deleted.add(policyId);
    },
    setFaults: (tenantId, faults) => find(tenantId).setFaults(faults),
    requestCount: (tenantId) => find(tenantId).graphRequests,
    tokenRequestCount: (tenantId) => find(tenantId).tokenRequests,
    requestLog: (tenantId) => [...find(tenantId).log],
    clearRequestLog: (tenantId) => {
      find(tenantId).log.length = 0;
    },
    close: () => close(server, hanging),
  };
}

function describeTenant(tenant: SimulatedTenant): SimulatedTenantInfo {
  const { data } = tenant;
  const foundation = (path: string) =>
    (data.collections.get(path) ?? []).map((item) => ({
      id: item.id,
      displayName: String(item.properties.displayName),
    }));
  return {
    tenantId: data.tenantId,
    clientId: data.clientId,
    clientSecret: data.clientSecret,
    policies: data.policies,
    scopeTags: foundation('deviceManagement/roleScopeTags'),
    assignmentFilters: foundation('deviceManagement/assignmentFilters'),
  };
}

function close(server: Server, hanging: Set<ServerResponse>): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
  });
}
