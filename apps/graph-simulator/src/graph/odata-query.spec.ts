import { encodeSkipToken, parseODataQuery } from './odata-query';

const parse = (query: string) => parseODataQuery(new URLSearchParams(query));

describe('parseODataQuery', () => {
  it('reads $top, $select and a skip token', () => {
    expect(
      parse(`$top=5&$select=id,displayName&$skiptoken=${encodeSkipToken(50)}`),
    ).toEqual({
      top: 5,
      offset: 50,
      select: ['id', 'displayName'],
      expand: [],
    });
  });

  it('reads nested $expand with its own $select', () => {
    expect(
      parse(
        '$expand=scheduledActionsForRule($expand=scheduledActionConfigurations($select=actionType)),apps',
      ).expand,
    ).toEqual([
      {
        name: 'scheduledActionsForRule',
        select: undefined,
        expand: [
          {
            name: 'scheduledActionConfigurations',
            select: ['actionType'],
            expand: [],
          },
        ],
      },
      { name: 'apps', expand: [] },
    ]);
  });

  it.each([
    ['$filter=id eq 1', /\$filter/],
    ['$top=-1', /\$top/],
    ['$skiptoken=nonsense', /skiptoken/],
    ['$expand=apps(', /Unbalanced/],
  ])('rejects %s', (query, message) => {
    expect(() => parse(query)).toThrow(message);
  });
});
