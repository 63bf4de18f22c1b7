import { addPoliciesIdempotencyKey } from './idempotency-key';

const options = {
  includeAssignments: false,
  includeScopeTags: false,
  includeFoundations: false,
};
const base = {
  tenantId: '7b0c3f9e-1111-4222-8333-444455556666',
  backupSetId: '0a6e2b8c-aaaa-4bbb-8ccc-dddddddddddd',
  policyIds: ['b', 'a'],
  options,
};

describe('addPoliciesIdempotencyKey', () => {
  it('ignores the order, case and repetition of policy ids', () => {
    expect(addPoliciesIdempotencyKey(base)).toBe(
      addPoliciesIdempotencyKey({ ...base, policyIds: ['A', 'b', 'a'] }),
    );
  });

  it('differs when an option differs', () => {
    expect(addPoliciesIdempotencyKey(base)).not.toBe(
      addPoliciesIdempotencyKey({
        ...base,
        options: { ...options, includeScopeTags: true },
      }),
    );
  });

  it('differs per tenant and per backup set', () => {
    const key = addPoliciesIdempotencyKey(base);

    expect(addPoliciesIdempotencyKey({ ...base, tenantId: 'x' })).not.toBe(key);
    expect(addPoliciesIdempotencyKey({ ...base, backupSetId: 'x' })).not.toBe(
      key,
    );
  });

  it('is a hex SHA-256', () => {
    expect(addPoliciesIdempotencyKey(base)).toMatch(/^[0-9a-f]{64}$/);
  });
});
