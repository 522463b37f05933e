import { EventStoreDBClient } from '@eventstore/db-client';
import { GenericContainer, Wait, getContainerRuntimeClient } from 'testcontainers';
import { toEsdbConnectionString } from '../../src/platform/event-store/eventstoredb/esdb-event-storage.js';

const DEFAULT_IMAGE = 'docker.io/eventstore/eventstore:24.10';
const READY_TIMEOUT_MS = 60_000;

export type EventStoreDbServer = { url: string; stop(): Promise<void> } | { skip: string };

/**
 * An EventStoreDB for the integration tests: the one named by `EVENTSTORE_URL` (CI runs it
 * as a service), else a throwaway insecure in-memory node in a container, else a reason to
 * skip, so a machine without Docker still runs the rest of the suite.
 */
export async function eventStoreDbServer(options: { fresh?: boolean } = {}): Promise<EventStoreDbServer> {
  // A suite that needs a node no other suite has written to (seals count every event of $all)
  // takes EVENTSTORE_FRESH_URL (CI runs a second node for it), else a container of its own,
  // else the shared EVENTSTORE_URL (and then checks for itself that it is empty).
  const fresh = options.fresh ? process.env.EVENTSTORE_FRESH_URL : undefined;
  if (fresh) {
    await untilReady(fresh);
    return { url: fresh, stop: async () => {} };
  }
  const external = process.env.EVENTSTORE_URL;
  const runtime = await getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
  if (external && !(options.fresh && runtime)) {
    await untilReady(external);
    return { url: external, stop: async () => {} };
  }
  if (!runtime) return { skip: 'no EVENTSTORE_URL and no container runtime (Docker/Podman) for testcontainers' };
  const container = await new GenericContainer(process.env.EVENTSTORE_IMAGE ?? DEFAULT_IMAGE)
    .withEnvironment({
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_RUN_PROJECTIONS: 'None',
      EVENTSTORE_MEM_DB: 'true',
      EVENTSTORE_CLUSTER_SIZE: '1',
    })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113))
    .withStartupTimeout(READY_TIMEOUT_MS)
    .start();
  const url = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  try {
    await untilReady(url);
  } catch (error) {
    await container.stop();
    throw error;
  }
  return { url, stop: async () => void (await container.stop()) };
}

/**
 * `/health/live` answers before the node has become leader, and a CI service may still be
 * starting: wait until the node serves a read of `$all`.
 */
async function untilReady(url: string): Promise<void> {
  const client = EventStoreDBClient.connectionString(toEsdbConnectionString(url));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      try {
        for await (const _ of client.readAll({ maxCount: 1 })) break;
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`EventStoreDB at ${url} not ready after ${READY_TIMEOUT_MS} ms`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    await client.dispose();
  }
}
