/** Capture jobs: one per run item, job id `<runId>:<policyId>`. */
export const CAPTURE_QUEUE = 'capture';

/** Inventory sync jobs: one per tenant and request. */
export const INVENTORY_QUEUE = 'inventory-sync';
