import { notificationText } from './notification-text';

describe('notificationText', () => {
  const base = {
    total: 60,
    succeeded: null,
    failed: null,
    reasonCode: null,
    backupSetName: 'Nightly',
  };

  it('counts every policy of a completed run', () => {
    expect(
      notificationText({
        ...base,
        status: 'completed',
        succeeded: 60,
        failed: 0,
      }),
    ).toBe('Added 60 policies to "Nightly".');
  });

  it('names the failures of a run completed with errors', () => {
    expect(
      notificationText({
        ...base,
        status: 'completed_with_errors',
        succeeded: 58,
        failed: 2,
      }),
    ).toBe('Added 58 of 60 policies to "Nightly"; 2 failed.');
  });

  it('gives the reason code of a failed run and a singular for one policy', () => {
    expect(
      notificationText({
        ...base,
        status: 'failed',
        total: 1,
        reasonCode: 'backup_set_not_found',
      }),
    ).toBe('Could not add 1 policy to "Nightly" (backup_set_not_found).');
  });

  it('falls back to a generic name when the set is unknown', () => {
    expect(
      notificationText({
        ...base,
        status: 'completed',
        backupSetName: null,
      }),
    ).toBe('Added 60 policies to the backup set.');
  });
});
