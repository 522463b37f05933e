import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every rule code the service can answer with a 422, found by reading the source: each
 * `refusal('CODE', basis, …)` call with its legal basis resolved (a string literal, or a
 * constant holding one). A 422 rests on a rule of law or of the statute, so none may have a
 * null or empty basis; a clash with the recorded state is a `stateConflict` (409) instead.
 */
interface Rule {
  code: string;
  basis: string | null;
  at: string;
}

const root = new URL('../../', import.meta.url).pathname;
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
        ? [join(dir, entry.name)]
        : [],
  );
const files = new Map(sources(join(root, 'src')).map((file) => [file, readFileSync(file, 'utf8')]));

const STRING = /^(['"`])((?:\\.|(?!\1)[^\\])*)\1/s;

/** A string constant `NAME = '…'` or property `NAME: '…'`, in this file first, then anywhere in src. */
function resolve(name: string, file: string): string | null | undefined {
  const last = name.split('.').pop()!;
  const definition = new RegExp(
    `(?:const\\s+${last}\\s*(?::\\s*[\\w<>|' ]+)?=|\\b${last}\\s*:)\\s*(['"\`])((?:\\\\.|(?!\\1)[^\\\\])*)\\1`,
  );
  for (const text of [files.get(file)!, ...files.values()]) {
    const found = definition.exec(text);
    if (found) return found[2]!;
  }
  return undefined;
}

/** The text of a call's argument, up to the comma that ends it at its own depth. */
function firstArgument(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const quoted = STRING.exec(text.slice(i));
    if (quoted) {
      i += quoted[0].length - 1;
      continue;
    }
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) {
      if (depth === 0) return text.slice(0, i).trim();
      depth--;
    } else if (char === ',' && depth === 0) return text.slice(0, i).trim();
  }
  return text.trim();
}

function catalogue(): Rule[] {
  const rules: Rule[] = [];
  for (const [file, text] of files)
    for (const call of text.matchAll(/(?<![\w.])refusal\(\s*/g)) {
      const rest = text.slice(call.index + call[0].length);
      const code = STRING.exec(rest);
      if (!code) continue; // the declaration of `refusal` itself, or a helper passing a code through
      const argument = firstArgument(rest.slice(code[0].length).replace(/^\s*,\s*/, ''));
      const at = `${relative(root, file)}:${text.slice(0, call.index).split('\n').length}`;
      const literal = STRING.exec(argument);
      let basis: string | null | undefined;
      if (literal && literal[0].length === argument.length) basis = literal[2]!;
      else if (/^(null|undefined|''|"")$/.test(argument) || /\bnull\b/.test(argument)) basis = null;
      else if (/^[A-Za-z_$][\w$.]*$/.test(argument)) basis = resolve(argument, file);
      // An expression of constants (`volunteers ? `${S5}; ${S2}` : S5`): each of them must resolve.
      else
        basis = [...argument.matchAll(/\b[A-Z][A-Z0-9_]+\b/g)].map((m) => resolve(m[0], file)).every(Boolean) ? argument : null;
      if (basis === undefined) throw new Error(`${at}: cannot resolve the legal basis ${argument} of ${code[2]}`);
      rules.push({ code: code[2]!, basis, at });
    }
  return rules;
}

describe('the catalogue of rules the service answers with 422', () => {
  const rules = catalogue();

  it('is found by the scan (the platform’s own and the contexts’ rules)', () => {
    const codes = new Set(rules.map((r) => r.code));
    for (const code of ['IDEMPOTENCY_KEY_REUSED', 'M4', 'G3', 'S3', 'W3b']) expect(codes).toContain(code);
    expect(rules.find((r) => r.code === 'IDEMPOTENCY_KEY_REUSED')?.basis).toMatch(/^draft-ietf-httpapi-idempotency-key-header/);
  });

  it('gives every rule a non-empty legal basis', () => {
    const withoutBasis = rules.filter((r) => !r.basis?.trim()).map((r) => `${r.code} (${r.at})`);
    expect(withoutBasis).toEqual([]);
  });
});
