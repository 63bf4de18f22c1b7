/** Hash routes of the console, so links work without server routes. */
export const links = {
  policies: '#/policies',
  runs: '#/runs',
  run: (tenantId: string, runId: string) => `#/runs/${tenantId}/${runId}`,
  audit: (tenantId: string, runId: string) => `#/audit/${tenantId}/${runId}`,
  support: '#/support',
  notifications: '#/notifications',
};

export type Route =
  | { readonly page: 'policies' | 'runs' | 'support' | 'notifications' }
  | {
      readonly page: 'run' | 'audit';
      readonly tenantId: string;
      readonly runId: string;
    };

export function routeOf(hash: string): Route {
  const [page, tenantId, runId] = hash.replace(/^#\/?/, '').split('/');
  if ((page === 'run' || page === 'runs' || page === 'audit') && runId) {
    return { page: page === 'audit' ? 'audit' : 'run', tenantId, runId };
  }
  if (page === 'runs' || page === 'support' || page === 'notifications') {
    return { page };
  }
  return { page: 'policies' };
}
