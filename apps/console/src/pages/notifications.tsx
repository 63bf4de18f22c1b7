import { call } from '../api';
import type { Notification, Page } from '../types';
import { useConsole } from '../ui/context';
import { ErrorMessage } from '../ui/error-message';
import { links } from '../ui/links';
import { StatusBadge } from '../ui/status-badge';
import { useApi } from '../ui/use-api';

/** The user's notifications, one per finished run they requested. */
export function NotificationsPage() {
  const { session, announce } = useConsole();
  const list = useApi<Page<Notification>>('/v1/me/notifications?limit=50');

  async function markRead(n: Notification) {
    await call(session, `/v1/me/notifications/${n.id}/read`, {
      method: 'POST',
    });
    announce('Marked read.');
    list.reload();
  }

  return (
    <>
      <h1>Notifications</h1>
      <ErrorMessage error={list.error} />
      <button type="button" class="secondary" onClick={list.reload}>
        Refresh
      </button>
      <ul class="notifications">
        {list.data?.items.map((n) => (
          <li key={n.id} class={n.read ? 'read' : 'unread'}>
            <StatusBadge status={n.status} /> {n.text}{' '}
            <a href={links.run(n.tenantId, n.runId)}>View run</a>
            {!n.read && (
              <button
                type="button"
                class="link"
                onClick={() => void markRead(n).catch(list.reload)}
              >
                Mark read
              </button>
            )}
            <br />
            <time class="muted" dateTime={n.createdAt}>
              {new Date(n.createdAt).toLocaleString()}
            </time>
          </li>
        ))}
        {list.data?.items.length === 0 && <li>No notifications yet.</li>}
      </ul>
    </>
  );
}
