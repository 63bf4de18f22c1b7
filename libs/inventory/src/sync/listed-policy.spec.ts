import { toSeenPolicy } from './listed-policy';

describe('toSeenPolicy', () => {
  it('keeps the id, OData type and display name of a listed item', () => {
    expect(
      toSeenPolicy('deviceConfiguration', {
        id: 'a1',
        '@odata.type': '#microsoft.graph.windows10GeneralConfiguration',
        displayName: 'Baseline',
      }),
    ).toEqual({
      graphId: 'a1',
      policyType: 'deviceConfiguration',
      odataType: '#microsoft.graph.windows10GeneralConfiguration',
      displayName: 'Baseline',
    });
  });

  it('names a settings catalog policy by its name', () => {
    expect(
      toSeenPolicy('settingsCatalog', { id: 'b2', name: 'Firewall' }),
    ).toMatchObject({ displayName: 'Firewall', odataType: null });
  });

  it('falls back to the id when an item has no name', () => {
    expect(toSeenPolicy('autopilotProfile', { id: 'c3' })?.displayName).toBe(
      'c3',
    );
  });

  it('skips an item without an id', () => {
    expect(
      toSeenPolicy('deviceConfiguration', { displayName: 'x' }),
    ).toBeUndefined();
    expect(toSeenPolicy('deviceConfiguration', { id: '' })).toBeUndefined();
  });
});
