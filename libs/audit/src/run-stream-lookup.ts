import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { NotFoundError } from '@app/errors';

/** Finds a run's stream through the runs read model, within one tenant. */
@Injectable()
export class RunStreamLookup {
  constructor(private readonly dataSource: DataSource) {}

  /** @throws NotFoundError for an unknown run or one of another tenant. */
  async streamOf(tenantId: string, runId: string): Promise<string> {
    const [row] = await this.dataSource.query<{ stream_name: string }[]>(
      `SELECT stream_name FROM bulk_operation_runs
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, runId],
    );
    if (!row) throw new NotFoundError('run', runId);
    return row.stream_name;
  }
}
