import { assignmentFilterIdsOf, scopeTagIdsOf } from './policy-references';

describe('scopeTagIdsOf', () => {
  it('returns the string ids and nothing for a missing list', () => {
    expect(scopeTagIdsOf({ roleScopeTagIds: ['0', '7', 3] })).toEqual([
      '0',
      '7',
    ]);
    expect(scopeTagIdsOf({})).toEqual([]);
  });
});

describe('assignmentFilterIdsOf', () => {
  it('returns distinct filter ids, skipping empty ones', () => {
    const target = (id: string | null) => ({
      target: { deviceAndAppManagementAssignmentFilterId: id },
    });

    expect(
      assignmentFilterIdsOf([
        target('f1'),
        target(null),
        target('00000000-0000-0000-0000-000000000000'),
        target('f2'),
        target('f1'),
        {},
      ]),
    ).toEqual(['f1', 'f2']);
  });
});
