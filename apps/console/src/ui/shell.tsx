import type { ComponentChildren } from 'preact';

import { useConsole, Toast } from './context';
import { links, Route } from './links';

interface Props {
  readonly route: Route;
  readonly announcement: string;
  readonly toasts: readonly Toast[];
  readonly children: ComponentChildren;
  onDismiss(id: number): void;
  onTenant(tenantId: string): void;
  onSignOut(): void;
}

const NAV = [
  { href: links.policies, label: 'Policies', pages: ['policies'] },
  { href: links.runs, label: 'Runs', pages: ['runs', 'run', 'audit'] },
  {
    href: links.notifications,
    label: 'Notifications',
    pages: ['notifications'],
  },
  { href: links.support, label: 'Support', pages: ['support'] },
];

/** Header, navigation, tenant switcher, live region and toasts. */
export function Shell(props: Props) {
  const { session, tenantId } = useConsole();
  const tenants = Object.entries(session.tenants);
  return (
    <>
      <a class="skip" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header>
        <span class="brand">Operator console</span>
        <nav aria-label="Pages">
          {NAV.map((item) => (
            <a
              key={item.href}
              href={item.href}
              aria-current={
                item.pages.includes(props.route.page) ? 'page' : undefined
              }
            >
              {item.label}
            </a>
          ))}
        </nav>
        <label class="tenant">
          Tenant
          <select
            value={tenantId}
            onChange={(e) => props.onTenant(e.currentTarget.value)}
          >
            {tenants.length === 0 && <option value="">No tenants</option>}
            {tenants.map(([id, role]) => (
              <option key={id} value={id}>
                {id} ({role})
              </option>
            ))}
          </select>
        </label>
        <span class="user">{session.userId}</span>
        <button type="button" class="secondary" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
      <div class="sr-only" role="status" aria-live="polite">
        {props.announcement}
      </div>
      <section class="toasts" aria-label="Messages" aria-live="polite">
        {props.toasts.map((toast) => (
          <div class="toast" key={toast.id}>
            <span>{toast.text}</span>
            {toast.link && (
              <a
                href={toast.link.href}
                onClick={() => props.onDismiss(toast.id)}
              >
                {toast.link.label}
              </a>
            )}
            <button
              type="button"
              class="secondary"
              aria-label="Dismiss message"
              onClick={() => props.onDismiss(toast.id)}
            >
              ×
            </button>
          </div>
        ))}
      </section>
    </>
  );
}

// The hash is the router's, so move focus to the content by hand.
function skipToMain(event: Event) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
