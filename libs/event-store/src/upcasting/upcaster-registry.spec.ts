import { Position, RecordedEvent } from '../event-store.port';
import { UpcasterRegistry } from './upcaster-registry';

function recorded(type: string, schemaVersion: number, data: unknown) {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    type,
    data,
    metadata: {
      tenantId: 't',
      userId: 'u',
      correlationId: 'c',
      causationId: null,
      schemaVersion,
    },
    streamName: 's-1',
    revision: 0n,
    position: '' as Position,
    recordedAt: new Date(0),
  } satisfies RecordedEvent;
}

describe('UpcasterRegistry', () => {
  const registry = new UpcasterRegistry()
    .register({
      eventType: 'Renamed',
      fromVersion: 1,
      upcast: (data) => ({ ...(data as object), v2: true }),
    })
    .register({
      eventType: 'Renamed',
      fromVersion: 2,
      upcast: (data) => ({ ...(data as object), v3: true }),
    });

  it('chains upcasters up to the newest version', () => {
    const event = registry.upcast(recorded('Renamed', 1, { a: 1 }));

    expect(event.data).toEqual({ a: 1, v2: true, v3: true });
    expect(event.metadata.schemaVersion).toBe(3);
  });

  it('leaves current versions and other types untouched', () => {
    const current = recorded('Renamed', 3, { a: 1 });
    const other = recorded('Other', 1, { a: 1 });

    expect(registry.upcast(current)).toBe(current);
    expect(registry.upcast(other)).toBe(other);
  });

  it('refuses a second upcaster for the same type and version', () => {
    expect(() =>
      registry.register({
        eventType: 'Renamed',
        fromVersion: 1,
        upcast: (data) => data,
      }),
    ).toThrow(/already registered/);
  });
});
