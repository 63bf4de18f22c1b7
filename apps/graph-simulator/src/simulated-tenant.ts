import { FaultPlan } from './faults/fault-plan';
import { GraphData } from './graph/graph-router';
import { Resource } from './seed/resource';
import { SeededTenantData } from './seed/tenant-seed';
import { FaultOptions } from './simulator-options';

/** One Graph request as the simulator saw it, for assertions. */
export interface RequestLogEntry {
  readonly method: string;
  /** Path and query below the origin, e.g. `/beta/deviceManagement/intents`. */
  readonly path: string;
  /** 0 when the fault was a hang or a reset. */
  readonly status: number;
  readonly fault?: string;
  readonly at: number;
}

/** Old entries go first, so benchmarks do not grow memory. */
const LOG_LIMIT = 50_000;

/** A seeded tenant plus what happens to it while the simulator runs. */
export class SimulatedTenant implements GraphData {
  readonly deleted = new Set<string>();
  readonly log: RequestLogEntry[] = [];
  graphRequests = 0;
  tokenRequests = 0;
  faults: FaultPlan;

  constructor(
    readonly data: SeededTenantData,
    private readonly seed: number,
    faults: FaultOptions,
  ) {
    this.faults = new FaultPlan(faults, seed, data.tenantId);
  }

  setFaults(faults: FaultOptions): void {
    this.faults = new FaultPlan(faults, this.seed, this.data.tenantId);
  }

  collection(path: string): readonly Resource[] | undefined {
    return this.data.collections.get(path);
  }

  isDeleted(id: string): boolean {
    return this.deleted.has(id);
  }

  record(entry: RequestLogEntry): void {
    if (this.log.length >= LOG_LIMIT) this.log.splice(0, LOG_LIMIT / 10);
    this.log.push(entry);
  }
}
