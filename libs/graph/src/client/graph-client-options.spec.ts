import { defaultTokenScope } from './graph-client-options';

describe('defaultTokenScope', () => {
  it('uses the Graph host of the base URL', () => {
    expect(defaultTokenScope('https://graph.microsoft.us/beta')).toBe(
      'https://graph.microsoft.us/.default',
    );
  });

  it('falls back to the global Graph resource for other hosts', () => {
    expect(defaultTokenScope('http://127.0.0.1:4010/beta')).toBe(
      'https://graph.microsoft.com/.default',
    );
  });
});
