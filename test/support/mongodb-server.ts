import { MongoDBContainer } from '@testcontainers/mongodb';
import { getContainerRuntimeClient } from 'testcontainers';

export type MongoDbServer = { url: string; stop(): Promise<void> } | { skip: string };

/**
 * A MongoDB replica set for integration tests (transactions need one). `MONGODB_URL` wins,
 * so CI and docker-compose use the server they already run; otherwise a throwaway `mongo:7`
 * container when a container runtime is available; otherwise a reason to skip. A runtime that
 * is found but cannot start the container is a failure, not a skip: that needs fixing.
 */
export async function mongoDbServer(): Promise<MongoDbServer> {
  const fromEnvironment = process.env.MONGODB_URL;
  if (fromEnvironment) return { url: fromEnvironment, stop: async () => undefined };

  try {
    await getContainerRuntimeClient();
  } catch {
    return { skip: 'MONGODB_URL is not set and no container runtime (Docker/Podman) was found' };
  }

  const container = await new MongoDBContainer('mongo:7').start();
  return {
    // The replica set member advertises the container's own host name, which the host cannot
    // resolve: connect directly to the mapped port instead of discovering the set.
    url: withOption(container.getConnectionString(), 'directConnection=true'),
    stop: async () => {
      await container.stop();
    },
  };
}

function withOption(url: string, option: string): string {
  if (url.includes('?')) return `${url}&${option}`;
  return url.endsWith('/') ? `${url}?${option}` : `${url}/?${option}`;
}
