import { Injectable } from '@nestjs/common';

import { NotFoundError } from '@app/errors';
import {
  GraphCaptureError,
  GraphCredentials,
  GraphCredentialsSource,
} from '@app/graph';
import { Tenants } from '@app/reference-data';

/**
 * Graph credentials from the tenants table, the secret decrypted on each
 * token acquisition (the client caches tokens, not secrets).
 */
@Injectable()
export class TenantGraphCredentials extends GraphCredentialsSource {
  constructor(private readonly tenants: Tenants) {
    super();
  }

  /** @throws GraphCaptureError `forbidden` (final) for an unknown tenant. */
  async credentialsFor(tenantId: string): Promise<GraphCredentials> {
    try {
      return await this.tenants.graphCredentials(tenantId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new GraphCaptureError(
        'forbidden',
        `tenant ${tenantId} has no Graph credentials`,
        {},
        { cause: error },
      );
    }
  }
}
