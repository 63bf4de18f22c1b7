import { CliUsageError } from '../cli-usage.error';
import { pairTenantsWithRoles } from './token.command';

describe('pairTenantsWithRoles', () => {
  it('applies a single role to every tenant', () => {
    expect(pairTenantsWithRoles(['a', 'b'], ['auditor'])).toEqual([
      ['a', 'auditor'],
      ['b', 'auditor'],
    ]);
  });

  it('pairs one role per tenant in order', () => {
    expect(pairTenantsWithRoles(['a', 'b'], ['operator', 'support'])).toEqual([
      ['a', 'operator'],
      ['b', 'support'],
    ]);
  });

  it('refuses counts that do not pair up', () => {
    expect(() =>
      pairTenantsWithRoles(['a', 'b', 'c'], ['operator', 'auditor']),
    ).toThrow(CliUsageError);
    expect(() => pairTenantsWithRoles(['a'], [])).toThrow(CliUsageError);
  });
});
