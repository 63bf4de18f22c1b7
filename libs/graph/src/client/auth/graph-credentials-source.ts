/** An app registration's client credentials for one tenant. */
export interface GraphCredentials {
  /** The Entra (Azure AD) tenant id or domain used in the token URL. */
  readonly entraTenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Port: where the client finds a tenant's Graph credentials. The tenants
 * table (secrets encrypted at rest) implements it; tests use a fixed map.
 */
export abstract class GraphCredentialsSource {
  /** @throws GraphCaptureError `forbidden` when the tenant has none. */
  abstract credentialsFor(tenantId: string): Promise<GraphCredentials>;
}

/** A fixed map of credentials, for tests and the local simulator. */
export class StaticGraphCredentialsSource extends GraphCredentialsSource {
  constructor(
    private readonly byTenant: ReadonlyMap<string, GraphCredentials>,
  ) {
    super();
  }

  async credentialsFor(tenantId: string): Promise<GraphCredentials> {
    const credentials = this.byTenant.get(tenantId);
    if (!credentials) throw new Error(`no Graph credentials for ${tenantId}`);
    return credentials;
  }
}
