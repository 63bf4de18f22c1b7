/** One `$expand` item, with its own nested options. */
export interface ExpandItem {
  readonly name: string;
  readonly expand: readonly ExpandItem[];
  readonly select?: readonly string[];
}

export interface ODataQuery {
  readonly top?: number;
  readonly offset: number;
  readonly select?: readonly string[];
  readonly expand: readonly ExpandItem[];
}

/** Query options the simulator refuses rather than silently ignores. */
const UNSUPPORTED = ['$filter', '$search', '$orderby'];

export class ODataQueryError extends Error {}

export function parseODataQuery(params: URLSearchParams): ODataQuery {
  for (const option of UNSUPPORTED) {
    if (params.has(option)) {
      throw new ODataQueryError(`The simulator does not support ${option}.`);
    }
  }
  const top = params.get('$top');
  const skip = params.get('$skip');
  const skipToken = params.get('$skiptoken');
  return {
    top: top === null ? undefined : nonNegative('$top', top),
    offset:
      skipToken !== null
        ? decodeSkipToken(skipToken)
        : skip !== null
          ? nonNegative('$skip', skip)
          : 0,
    select: list(params.get('$select')),
    expand: parseExpand(params.get('$expand') ?? ''),
  };
}

export function encodeSkipToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeSkipToken(token: string): number {
  const match = /^offset:(\d+)$/.exec(
    Buffer.from(token, 'base64url').toString(),
  );
  if (!match) throw new ODataQueryError('The $skiptoken is not valid.');
  return Number(match[1]);
}

function nonNegative(option: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ODataQueryError(`Invalid value '${raw}' for ${option}.`);
  }
  return value;
}

function list(raw: string | null): string[] | undefined {
  if (raw === null) return undefined;
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** `a,b($expand=c($select=x);$select=y)` into a tree. */
export function parseExpand(raw: string): ExpandItem[] {
  return splitTopLevel(raw, ',').map((item) => {
    const open = item.indexOf('(');
    if (open === -1) return { name: item, expand: [] };
    if (!item.endsWith(')')) {
      throw new ODataQueryError(`Invalid $expand item '${item}'.`);
    }
    const name = item.slice(0, open).trim();
    let expand: ExpandItem[] = [];
    let select: string[] | undefined;
    for (const option of splitTopLevel(item.slice(open + 1, -1), ';')) {
      const equals = option.indexOf('=');
      const key = option.slice(0, equals).trim();
      const value = option.slice(equals + 1);
      if (key === '$expand') expand = parseExpand(value);
      else if (key === '$select') select = list(value);
      else throw new ODataQueryError(`Unsupported option '${key}' in $expand.`);
    }
    return { name, expand, select };
  });
}

function splitTopLevel(raw: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < raw.length; index += 1) {
    const char = raw[index];
    if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (char === separator && depth === 0) {
      parts.push(raw.slice(start, index));
      start = index + 1;
    }
    if (depth < 0) throw new ODataQueryError('Unbalanced parentheses.');
  }
  if (depth !== 0) throw new ODataQueryError('Unbalanced parentheses.');
  parts.push(raw.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}
