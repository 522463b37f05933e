import { describe, expect, it } from '@jest/globals';
import { foreign, isEventStoreDbUrl, toEsdbConnectionString } from './esdb-event-storage.js';
import { loadConfig } from '../../config/config.js';

describe('EventStoreDB URLs', () => {
  it.each([
    'esdb://localhost:2113?tls=false',
    'kurrentdb://localhost:2113',
    'kurrent://localhost:2113',
    'kurrent+discover://a,b',
  ])('accepts %s, in the configuration and on the command line', (url) => {
    expect(isEventStoreDbUrl(url)).toBe(true);
    expect(loadConfig({ EVENTSTORE_URL: url }).eventStoreUrl).toBe(url);
    expect(toEsdbConnectionString(url)).toMatch(/^esdb(\+discover)?:\/\//);
  });

  it('refuses other schemes', () => {
    expect(isEventStoreDbUrl('http://localhost:2113')).toBe(false);
    expect(() => loadConfig({ EVENTSTORE_URL: 'http://localhost:2113' })).toThrow(/esdb:\/\//);
  });
});

describe('events another tool wrote into $all', () => {
  const envelope = { schemaVersion: 1, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) };
  it('are told apart from ours by the envelope in their metadata', () => {
    expect(foreign({ isJson: true, data: {}, metadata: envelope })).toBeUndefined();
    expect(foreign({ isJson: false, data: new Uint8Array(), metadata: envelope })).toBe('not JSON');
    expect(foreign({ isJson: true, data: {}, metadata: undefined })).toBe('no metadata');
    expect(foreign({ isJson: true, data: {}, metadata: { correlationId: 'x' } })).toMatch(/no envelope/);
  });
});
