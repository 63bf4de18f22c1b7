import { GraphObject, Resource } from '../seed/resource';
import { ExpandItem, ODataQueryError } from './odata-query';

export interface RenderOptions {
  readonly select?: readonly string[];
  readonly expand: readonly ExpandItem[];
  /** Lists leave out some properties (script content). */
  readonly inList: boolean;
}

/** A resource as Graph would send it for the given `$select`/`$expand`. */
export function render(item: Resource, options: RenderOptions): GraphObject {
  const full = options.inList
    ? { ...item.properties, ...item.listOverrides }
    : item.properties;
  const body = options.select ? pick(full, options.select) : { ...full };
  for (const expand of options.expand) {
    const children = item.collections[expand.name];
    if (children) {
      body[expand.name] = children.map((child) =>
        render(child, {
          select: expand.select,
          expand: expand.expand,
          inList: false,
        }),
      );
      continue;
    }
    const reference = item.references[expand.name];
    if (!reference) {
      throw new ODataQueryError(
        `Could not find a navigation property named '${expand.name}' on type '${String(item.properties['@odata.type']).slice(1)}'.`,
      );
    }
    body[expand.name] = expand.select
      ? pick(reference, expand.select)
      : reference;
  }
  return body;
}

function pick(source: GraphObject, names: readonly string[]): GraphObject {
  const picked: GraphObject = {
    '@odata.type': source['@odata.type'],
    id: source.id,
  };
  for (const name of names) {
    if (name in source) picked[name] = source[name];
  }
  return picked;
}
