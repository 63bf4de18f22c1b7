import { useEffect, useMemo, useRef, useState } from 'preact/hooks';

import { whenUnauthorized } from './api';
import { AuditPage } from './pages/audit';
import { NotificationsPage } from './pages/notifications';
import { PoliciesPage } from './pages/policies';
import { RunPage } from './pages/run';
import { RunsPage } from './pages/runs';
import { SignIn } from './pages/sign-in';
import { SupportPage } from './pages/support';
import { Session, storedSession, storeSession } from './session';
import { Console, ConsoleContext, Toast } from './ui/context';
import { links, Route, routeOf } from './ui/links';
import { Shell } from './ui/shell';

const TENANT_KEY = 'console.tenant';

export function App() {
  const [session, setSession] = useState<Session | undefined>(storedSession);
  const [notice, setNotice] = useState('');
  const [route, setRoute] = useState<Route>(() => routeOf(location.hash));
  const [tenantId, setTenantId] = useState(
    () => sessionStorage.getItem(TENANT_KEY) ?? '',
  );
  const [announcement, setAnnouncement] = useState('');
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextToast = useRef(1);

  useEffect(() => {
    const onHash = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    whenUnauthorized(() => {
      storeSession(undefined);
      setSession(undefined);
      setNotice('Your session has ended. Sign in again to continue.');
    });
  }, []);

  // A run link names its tenant; follow it when it is one of the user's.
  const tenants = Object.keys(session?.tenants ?? {});
  const routeTenant = 'tenantId' in route ? route.tenantId : undefined;
  const current =
    routeTenant && tenants.includes(routeTenant)
      ? routeTenant
      : tenants.includes(tenantId)
        ? tenantId
        : (tenants[0] ?? '');

  const context = useMemo<ConsoleContext | null>(
    () =>
      session
        ? {
            session,
            tenantId: current,
            announce: (text) => setAnnouncement(text),
            toast: (toast) => {
              const id = nextToast.current++;
              setToasts((all) => [...all, { ...toast, id }]);
            },
          }
        : null,
    [session, current],
  );

  if (!session || !context) {
    return (
      <SignIn
        notice={notice}
        onSignIn={(s) => {
          storeSession(s);
          setNotice('');
          setSession(s);
        }}
      />
    );
  }

  return (
    <Console.Provider value={context}>
      <Shell
        route={route}
        announcement={announcement}
        toasts={toasts}
        onDismiss={(id) => setToasts((all) => all.filter((t) => t.id !== id))}
        onTenant={(id) => {
          sessionStorage.setItem(TENANT_KEY, id);
          setTenantId(id);
          if ('tenantId' in route) location.hash = links.runs;
        }}
        onSignOut={() => {
          storeSession(undefined);
          setSession(undefined);
          setNotice('You have signed out.');
        }}
      >
        <Page route={route} />
      </Shell>
    </Console.Provider>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'policies':
      return <PoliciesPage />;
    case 'runs':
      return <RunsPage />;
    case 'run':
      return <RunPage runId={route.runId} />;
    case 'audit':
      return <AuditPage runId={route.runId} />;
    case 'support':
      return <SupportPage />;
    case 'notifications':
      return <NotificationsPage />;
  }
}
