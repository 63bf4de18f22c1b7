import {
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type Filter,
} from '@eventstore/db-client';

import { EventFilter, RecordedEvent } from '../event-store.port';

/**
 * How a port filter runs on EventStoreDB, which filters on one field per
 * read: stream prefixes go to the server when given, else event types
 * (as prefixes), else a filter that drops system events. The rest of the
 * filter (exact event types, the tenant, the system-event rule) runs here,
 * so a tenant filter reads every event the other lists let through.
 */
export interface FilterPlan {
  readonly server: Filter;
  accepts(event: RecordedEvent): boolean;
}

export function planFilter(filter: EventFilter | undefined): FilterPlan {
  const prefixes = [...(filter?.streamPrefixes ?? [])];
  const types = [...(filter?.eventTypes ?? [])];
  const typeSet = new Set(types);
  const tenantId = filter?.tenantId;
  const server =
    prefixes.length > 0
      ? streamNameFilter({ prefixes })
      : types.length > 0
        ? eventTypeFilter({ prefixes: types })
        : excludeSystemEvents();
  return {
    server,
    accepts: (event) =>
      !event.type.startsWith('$') &&
      (prefixes.length === 0 ||
        prefixes.some((p) => event.streamName.startsWith(p))) &&
      (typeSet.size === 0 || typeSet.has(event.type)) &&
      (tenantId === undefined || event.metadata.tenantId === tenantId),
  };
}
