import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { RunStatus } from '../run-state';
import { RunProgress } from './run-progress';

interface ProgressRow {
  id: string;
  status: RunStatus;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  failure_code: string | null;
}

/**
 * A run's progress from the runs read model: the counters only, cheap
 * enough to poll by primary key.
 */
@Injectable()
export class RunProgressQuery {
  constructor(private readonly dataSource: DataSource) {}

  async find(tenantId: string, runId: string): Promise<RunProgress | null> {
    const [row] = await this.dataSource.query<ProgressRow[]>(
      `SELECT id, status, total, processed, succeeded, failed, skipped,
              failure_reason ->> 'code' AS failure_code
         FROM bulk_operation_runs WHERE tenant_id = $1 AND id = $2`,
      [tenantId, runId],
    );
    return row
      ? {
          runId: row.id,
          status: row.status,
          total: row.total,
          processed: row.processed,
          succeeded: row.succeeded,
          failed: row.failed,
          skipped: row.skipped,
          failureCode: row.failure_code,
        }
      : null;
  }
}
