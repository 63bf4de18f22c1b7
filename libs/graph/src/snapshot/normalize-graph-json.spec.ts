import { normalizeGraphJson } from './normalize-graph-json';

describe('normalizeGraphJson', () => {
  it('drops response annotations but keeps @odata.type', () => {
    const input = {
      '@odata.context': 'https://graph/beta/$metadata#x',
      '@odata.type': '#microsoft.graph.x',
      '@odata.etag': 'W/"1"',
      'settings@odata.nextLink': 'https://graph/beta/next',
      'settings@odata.context': 'ctx',
      lastModifiedDateTime: '2026-01-01T00:00:00Z',
      settings: [{ '@odata.context': 'x', id: '1' }],
    };

    expect(normalizeGraphJson(input)).toEqual({
      '@odata.type': '#microsoft.graph.x',
      lastModifiedDateTime: '2026-01-01T00:00:00Z',
      settings: [{ id: '1' }],
    });
  });

  it('sorts id-keyed collections such as assignments and apps', () => {
    const input = {
      assignments: [{ id: 'b' }, { id: 'a' }],
      policy: { apps: [{ id: 'z' }, { id: 'y' }] },
    };

    expect(normalizeGraphJson(input)).toEqual({
      assignments: [{ id: 'a' }, { id: 'b' }],
      policy: { apps: [{ id: 'y' }, { id: 'z' }] },
    });
  });

  it('keeps the order of settings as Graph sent them', () => {
    const input = { settings: [{ id: '2' }, { id: '1' }] };

    expect(normalizeGraphJson(input)).toEqual(input);
  });
});
