/** The data of an inventory sync job on `INVENTORY_QUEUE`. */
export interface InventorySyncJob {
  readonly tenantId: string;
  /** The id the caller polls; one per sync actually queued. */
  readonly syncId: string;
  readonly requestedBy: string;
}

/**
 * One job id per tenant: while a sync is queued or running, Bull refuses
 * a second job with it, so repeated requests join the one in flight.
 * Jobs are removed when they finish so the next request can run again.
 */
export const inventorySyncJobId = (tenantId: string) => `inventory:${tenantId}`;
