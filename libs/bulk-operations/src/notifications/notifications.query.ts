import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { cursorPart, decodeCursor, Page, toPage } from '@app/http';

import { TerminalStatus } from '../run-events';
import { notificationText } from './notification-text';
import { NotificationView } from './notification-views';

interface NotificationRow {
  id: string;
  tenant_id: string;
  run_id: string;
  status: TerminalStatus;
  total: number;
  succeeded: number | null;
  failed: number | null;
  reason_code: string | null;
  backup_set_name: string | null;
  created_at: Date;
  read_at: Date | null;
}

/** A user's own notifications; every query is scoped to the user. */
@Injectable()
export class NotificationsQuery {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first; keyset paging on (created_at, id). */
  async list(
    userId: string,
    query: { unread?: boolean; cursor?: string; limit: number },
  ): Promise<Page<NotificationView>> {
    const params: unknown[] = [userId, query.limit + 1];
    const where = ['n.user_id = $1'];
    if (query.unread !== undefined) {
      where.push(`r.notification_id IS ${query.unread ? '' : 'NOT '}NULL`);
    }
    if (query.cursor) {
      const [createdAt, id] = decodeCursor<[string, string]>(query.cursor, 2, [
        cursorPart.timestamp,
        cursorPart.uuid,
      ]);
      params.push(createdAt, id);
      where.push(
        `(n.created_at, n.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    // The set's name is reference data, joined here rather than copied
    // into the projection, which must depend on the log alone.
    const rows = await this.dataSource.query<NotificationRow[]>(
      `SELECT n.id, n.tenant_id, n.run_id, n.status, n.total, n.succeeded,
              n.failed, n.reason_code, b.name AS backup_set_name,
              n.created_at, r.read_at
         FROM notifications n
         LEFT JOIN notification_reads r
           ON r.notification_id = n.id AND r.user_id = n.user_id
         LEFT JOIN backup_sets b
           ON b.tenant_id = n.tenant_id AND b.id = n.backup_set_id
        WHERE ${where.join(' AND ')}
        ORDER BY n.created_at DESC, n.id DESC LIMIT $2`,
      params,
    );
    return toPage(
      rows,
      query.limit,
      (row) => [row.created_at.toISOString(), row.id],
      toView,
    );
  }

  /** Marks the user's notification read; false when it is not theirs. */
  async markRead(userId: string, notificationId: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH mine AS (
         SELECT id FROM notifications WHERE id = $1 AND user_id = $2),
       marked AS (
         INSERT INTO notification_reads (notification_id, user_id, read_at)
         SELECT id, $2, now() FROM mine
         ON CONFLICT (notification_id) DO NOTHING)
       SELECT id FROM mine`,
      [notificationId, userId],
    );
    return rows.length > 0;
  }
}

function toView(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    runId: row.run_id,
    status: row.status,
    text: notificationText({
      status: row.status,
      total: row.total,
      succeeded: row.succeeded,
      failed: row.failed,
      reasonCode: row.reason_code,
      backupSetName: row.backup_set_name,
    }),
    links: { run: `/v1/tenants/${row.tenant_id}/runs/${row.run_id}` },
    read: row.read_at !== null,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
}
