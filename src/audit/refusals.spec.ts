import { describe, expect, it } from '@jest/globals';
import { chunks, raised, sortedTable, sourceOf } from '../../test/support/refusal-sources.js';
import { AUDIT_REFUSALS } from './refusals.js';

const here = (file: string) => new URL(file, import.meta.url);
const SIGNING = here('./signing/seal-signing.ts');
const TIMESTAMPS = here('./timestamps/seal-timestamps.ts');
const FILES = [SIGNING, TIMESTAMPS, here('./proofs.ts')];

/** The codes a `catch` of the function turns into another answer (`code !== 'X' && code !== 'Y'`). */
const caughtIn = (body: string) => [...body.matchAll(/code !== '(\w+)'/g)].map((m) => m[1]!);

describe('the refusals each audit write declares (for the OpenAPI document)', () => {
  it('are exactly the codes the functions its route calls raise', () => {
    const all = chunks(FILES);
    const codes = (file: URL, name: string) => {
      const body = all.get(file.href)!.get(name)!;
      const { rules, conflicts } = raised(body, file.href, all);
      const caught = caughtIn(body);
      return { rules: [...rules].sort(), conflicts: [...conflicts].filter((c) => !caught.includes(c)).sort() };
    };
    // The routes call these, and nothing else that raises.
    const controller = sourceOf(here('./audit.controller.ts'));
    expect(controller).toContain('return await importTimestamp(');
    expect(controller).toContain('return recordCosignature(');
    expect(sortedTable(AUDIT_REFUSALS)).toEqual({
      RecordTimestamp: codes(TIMESTAMPS, 'importTimestamp'),
      RecordCosignature: codes(SIGNING, 'recordCosignature'),
    });
  });
});
