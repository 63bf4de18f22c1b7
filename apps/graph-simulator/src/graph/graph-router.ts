import { GraphObject, Resource } from '../seed/resource';
import { GraphError, notFound } from './graph-error';
import {
  encodeSkipToken,
  ODataQuery,
  ODataQueryError,
  parseODataQuery,
} from './odata-query';
import { render } from './render';

export interface GraphData {
  collection(path: string): readonly Resource[] | undefined;
  /** Deleted top-level objects answer 404 and leave lists. */
  isDeleted(id: string): boolean;
}

export interface Paging {
  readonly pageSize: number;
  readonly maxPageSize: number;
}

export interface GraphAnswer {
  readonly body: GraphObject;
  /** Ids of top-level objects in a list answer, for delete-after-list. */
  readonly listed?: { readonly collection: string; readonly ids: string[] };
}

const PLAIN_TEXT =
  /^getOmaSettingPlainTextValue\(secretReferenceValueId='([^']+)'\)$/;

/**
 * Answers a GET below `/beta`: walks `collection/id/navigation/id/...`
 * over the tenant's resources and renders an entity or a page.
 */
export function answerGraphGet(
  data: GraphData,
  url: URL,
  versionRoot: string,
  paging: Paging,
): GraphAnswer {
  const segments = url.pathname
    .slice(versionRoot.length + 1)
    .split('/')
    .filter(Boolean)
    .map((segment) => decodeURIComponent(segment));
  let query: ODataQuery;
  try {
    query = parseODataQuery(url.searchParams);
  } catch (error) {
    throw badRequest(error);
  }
  const collectionPath = segments.slice(0, 2).join('/');
  const top = data.collection(collectionPath);
  if (segments.length < 2 || !top) {
    throw new GraphError(
      400,
      'BadRequest',
      `Resource not found for the segment '${segments[1] ?? segments[0] ?? ''}'.`,
    );
  }
  const context = `${url.origin}${versionRoot}/$metadata#`;
  let items: readonly Resource[] = top.filter(
    (item) => !data.isDeleted(item.id),
  );
  let contextPath = collectionPath;
  let entity: Resource | undefined;
  for (let index = 2; index < segments.length; index += 1) {
    const segment = segments[index];
    if (!entity) {
      entity = items.find((item) => item.id === segment);
      if (!entity) throw notFound(`${contextPath}('${segment}')`);
      contextPath = `${contextPath}('${segment}')`;
      continue;
    }
    const plainText = PLAIN_TEXT.exec(segment);
    if (plainText && index === segments.length - 1) {
      const value = entity.secrets?.[plainText[1]];
      if (value === undefined) {
        throw notFound(`secretReferenceValueId ${plainText[1]}`);
      }
      return {
        body: { '@odata.context': `${context}Edm.String`, value },
      };
    }
    const children = entity.collections[segment];
    if (!children) {
      throw new GraphError(
        400,
        'BadRequest',
        `Resource not found for the segment '${segment}'.`,
      );
    }
    items = children;
    contextPath = `${contextPath}/${segment}`;
    entity = undefined;
  }
  try {
    if (entity) {
      return {
        body: {
          '@odata.context': `${context}${contextPath}/$entity`,
          ...render(entity, { ...query, inList: false }),
        },
      };
    }
    return page(items, query, url, paging, `${context}${contextPath}`, {
      collection: segments.length === 2 ? collectionPath : undefined,
    });
  } catch (error) {
    throw badRequest(error);
  }
}

function page(
  items: readonly Resource[],
  query: ODataQuery,
  url: URL,
  paging: Paging,
  context: string,
  { collection }: { collection?: string },
): GraphAnswer {
  const size = Math.max(
    1,
    Math.min(query.top ?? paging.pageSize, paging.maxPageSize),
  );
  const slice = items.slice(query.offset, query.offset + size);
  const body: GraphObject = { '@odata.context': context };
  if (query.offset + size < items.length) {
    body['@odata.nextLink'] = nextLink(url, query.offset + size);
  }
  body.value = slice.map((item) => render(item, { ...query, inList: true }));
  return {
    body,
    listed: collection
      ? { collection, ids: slice.map((item) => item.id) }
      : undefined,
  };
}

/** Keeps the caller's options as written (`$top`, not `%24top`), like Graph. */
function nextLink(url: URL, offset: number): string {
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((part) => part !== '' && !/^(\$|%24)(skiptoken|skip)=/i.test(part));
  kept.push(`$skiptoken=${encodeSkipToken(offset)}`);
  return `${url.origin}${url.pathname}?${kept.join('&')}`;
}

function badRequest(error: unknown): unknown {
  return error instanceof ODataQueryError
    ? new GraphError(400, 'BadRequest', error.message)
    : error;
}
