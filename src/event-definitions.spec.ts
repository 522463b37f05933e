import { describe, expect, it } from '@jest/globals';
import { contexts } from './contexts.js';
import { eventDefinitions, eventRegistry } from './event-definitions.js';

/** `coop audit verify` judges every event by `eventDefinitions`, the service by its contexts: they must be one list. */
describe('the event definitions the store-only commands load', () => {
  it('are every context’s events, the very same definitions, and nothing else', () => {
    const ofContexts = contexts.flatMap((context) => context.events);
    const byType = (list: readonly (typeof ofContexts)[number][]) =>
      new Map(list.map((definition) => [definition.type, definition]));
    const expected = byType(ofContexts);
    const actual = byType(eventDefinitions);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [type, definition] of expected) expect(actual.get(type)).toBe(definition);
    expect(eventDefinitions).toHaveLength(ofContexts.length);
  });

  it('make a registry that knows every type at its current version', () => {
    const registry = eventRegistry();
    for (const definition of contexts.flatMap((context) => context.events))
      expect(registry.currentVersion(definition.type)).toBe(definition.schemaVersion);
  });
});
