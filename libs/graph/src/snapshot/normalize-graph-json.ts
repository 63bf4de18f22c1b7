/**
 * OData control annotations that describe the response, not the policy:
 * they differ with the request URL, page size or server and would make
 * the same policy hash differently. `@odata.type` stays: it is content.
 */
const VOLATILE_ANNOTATIONS = [
  '@odata.context',
  '@odata.nextLink',
  '@odata.deltaLink',
  '@odata.count',
  '@odata.etag',
  '@odata.id',
  '@odata.editLink',
  '@odata.readLink',
  '@odata.navigationLink',
  '@odata.associationLink',
];

/**
 * Collections whose order Graph does not promise; sorted by `id` so that
 * another page size or a reordered answer gives the same snapshot. Other
 * arrays (settings, OMA settings, values) keep Graph's order.
 */
const SORTED_BY_ID = new Set([
  'assignments',
  'apps',
  'scopeTags',
  'assignmentFilters',
  'notificationTemplates',
]);

/**
 * Normalises Graph JSON for a snapshot: drops volatile OData annotations
 * (also the `property@odata.nextLink` forms) and sorts id-keyed
 * collections. Everything else is kept as Graph sent it, including
 * `lastModifiedDateTime` and `version`: they change only when the policy
 * does, and auditors want them.
 */
export function normalizeGraphJson(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalizeGraphJson(item));
    return key !== undefined && SORTED_BY_ID.has(key) ? sortById(items) : items;
  }
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    if (isVolatile(name)) continue;
    result[name] = normalizeGraphJson(child, name);
  }
  return result;
}

function isVolatile(name: string): boolean {
  return VOLATILE_ANNOTATIONS.some(
    (annotation) => name === annotation || name.endsWith(annotation),
  );
}

function sortById(items: unknown[]): unknown[] {
  return [...items].sort((a, b) => {
    const left = idOf(a);
    const right = idOf(b);
    return left < right ? -1 : left > right ? 1 : 0;
  });
}

function idOf(item: unknown): string {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : JSON.stringify(item);
}
