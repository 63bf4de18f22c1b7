/** A JSON object as Graph returns it: `@odata.type`, `id` and properties. */
export type GraphObject = Record<string, unknown>;

/**
 * One entity of the simulated tenant: its properties, the collections
 * under it (`settings`, `assignments`, ...), single-valued navigations
 * that only appear through `$expand` (`definition`, `presentation`), and
 * property overrides for list responses (scripts list without content).
 */
export interface Resource {
  readonly id: string;
  readonly properties: GraphObject;
  readonly collections: Readonly<Record<string, readonly Resource[]>>;
  readonly references: Readonly<Record<string, GraphObject>>;
  readonly listOverrides?: GraphObject;
  /** secretReferenceValueId → plain text, for getOmaSettingPlainTextValue. */
  readonly secrets?: Readonly<Record<string, string>>;
}

export function resource(
  properties: GraphObject & { id: string; '@odata.type': string },
  parts: Partial<Omit<Resource, 'id' | 'properties'>> = {},
): Resource {
  return {
    id: properties.id,
    properties,
    collections: parts.collections ?? {},
    references: parts.references ?? {},
    listOverrides: parts.listOverrides,
    secrets: parts.secrets,
  };
}
