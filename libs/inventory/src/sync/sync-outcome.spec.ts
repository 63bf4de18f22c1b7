import { resultStatus, TypeSyncOutcome } from './sync-outcome';

const ok: TypeSyncOutcome = {
  policyType: 'settingsCatalog',
  ok: true,
  seen: 1,
  vanished: 0,
};
const failed: TypeSyncOutcome = {
  policyType: 'deviceConfiguration',
  ok: false,
  code: 'throttled',
  message: 'throttled',
};

describe('resultStatus', () => {
  it('is completed when every type was listed', () => {
    expect(resultStatus([ok, ok])).toBe('completed');
  });

  it('is completed with errors when some types failed', () => {
    expect(resultStatus([ok, failed])).toBe('completed_with_errors');
  });

  it('is failed when no type could be listed', () => {
    expect(resultStatus([failed, failed])).toBe('failed');
  });
});
