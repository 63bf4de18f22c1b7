import { CaptureStrategyRegistry } from './capture-strategy-registry';
import { POLICY_TYPES } from './policy-type';

describe('CaptureStrategyRegistry', () => {
  const registry = new CaptureStrategyRegistry();

  it('has a strategy for every policy type', () => {
    expect(registry.policyTypes).toEqual([...POLICY_TYPES]);
    for (const type of POLICY_TYPES) {
      expect(registry.strategyFor(type).policyType).toBe(type);
    }
  });

  it('rejects an unknown type with unsupported_type', () => {
    expect(() => registry.strategyFor('kioskProfile')).toThrow(
      expect.objectContaining({ code: 'unsupported_type', retryable: false }),
    );
  });
});
