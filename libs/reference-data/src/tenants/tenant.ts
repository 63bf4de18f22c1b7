/** A customer's Intune tenant as the service knows it. Holds no secret. */
export interface Tenant {
  readonly id: string;
  readonly displayName: string;
  /** The Entra (Azure AD) directory id. */
  readonly entraTenantId: string;
  /** The app registration the service reads Graph with. */
  readonly graphClientId: string;
  readonly createdAt: Date;
}

export interface NewTenant {
  readonly id: string;
  readonly displayName: string;
  readonly entraTenantId: string;
  readonly graphClientId: string;
  readonly graphClientSecret: string;
}

/** What the Graph client needs to get a token for a tenant. */
export interface GraphCredentials {
  readonly entraTenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}
