import { readFileSync } from 'node:fs';

/**
 * The refusals a context's deciders raise, read from their sources: each context's
 * `refusals.spec.ts` compares them with the table its routes declare (`commands/refusals.ts`),
 * so a code raised and not listed, or listed and never raised, fails a test.
 */
export interface RaisedCodes {
  rules: Set<string>;
  conflicts: Set<string>;
}

export const sourceOf = (file: URL) => readFileSync(file, 'utf8');

/** Each file's top-level functions (async ones too) and consts, each with its body. */
export function chunks(files: readonly URL[]): Map<string, Map<string, string>> {
  const found = new Map<string, Map<string, string>>();
  for (const file of files) {
    const text = sourceOf(file);
    const own = new Map<string, string>();
    const starts = [...text.matchAll(/^(?:export )?(?:async )?(?:function|const) (\w+)/gm)];
    starts.forEach((m, i) => own.set(m[1]!, text.slice(m.index, starts[i + 1]?.index ?? text.length)));
    found.set(file.href, own);
  }
  return found;
}

type Chunks = ReturnType<typeof chunks>;

/**
 * The function a file calls by this name: its own, or the one it imports from another of the
 * files (two files may each have an `approveMinutes` or a `sealCheckpoint`); a name imported
 * from elsewhere, or a method, is not followed.
 */
function lookup(all: Chunks, file: string, name: string): { file: string; body: string } | undefined {
  const own = all.get(file)?.get(name);
  if (own !== undefined) return { file, body: own };
  for (const [, names, from] of sourceOf(new URL(file)).matchAll(/^import (?:type )?\{([^}]*)\} from '(\.[^']+)\.js'/gm)) {
    const imported = names!.split(',').map((n) => n.trim().split(/\s+as\s+/));
    const entry = imported.find((parts) => (parts[1] ?? parts[0]) === name);
    if (!entry) continue;
    const target = new URL(`${from}.ts`, file).href;
    const body = all.get(target)?.get(entry[0]!);
    return body === undefined ? undefined : { file: target, body };
  }
  return undefined;
}

/** The codes a body raises, itself or through the functions of the files it calls. */
export function raised(body: string, file: string, all: Chunks, seen = new Set<string>()): RaisedCodes {
  const rules = new Set([...body.matchAll(/\brefusal\(\s*'([^']+)'/g)].map((m) => m[1]!));
  const conflicts = new Set([...body.matchAll(/\bstateConflict\(\s*'([^']+)'/g)].map((m) => m[1]!));
  for (const [, name] of body.matchAll(/\b(\w+)\(/g)) {
    const callee = lookup(all, file, name!);
    if (!callee || seen.has(`${callee.file}#${name}`)) continue;
    seen.add(`${callee.file}#${name}`);
    const inner = raised(callee.body, callee.file, all, seen);
    inner.rules.forEach((r) => rules.add(r));
    inner.conflicts.forEach((c) => conflicts.add(c));
  }
  return { rules, conflicts };
}

/**
 * Each command type and the text that decides it, in a `decide` (an `evolve`'s cases are
 * events): an `if (command.type === 'X') return …` line, or a `case 'X':` up to the next line
 * as little indented (its `return decideX(…)` or its own block; cases that fall through share
 * the next one's). A decider that takes one command and has no switch is named in `single`
 * (its const → its command type): its whole body counts.
 */
export function deciders(all: Chunks, single: Record<string, string> = {}): Map<string, { file: string; body: string }> {
  const found = new Map<string, { file: string; body: string }>();
  for (const [file, bodies] of all)
    for (const [name, chunk] of bodies) {
      if (single[name]) {
        found.set(single[name], { file, body: chunk });
        continue;
      }
      const at = chunk.search(/\bdecide\b/);
      if (at < 0) continue;
      const lines = chunk.slice(at).split('\n');
      const indent = (line: string) => line.length - line.trimStart().length;
      let pending: string[] = [];
      lines.forEach((line, i) => {
        const guard = /command\.type === '(\w+)'\)\s*return\b/.exec(line);
        if (guard) found.set(guard[1]!, { file, body: line });
        const start = /^\s*case '(\w+)':(.*)$/.exec(line);
        if (!start) return;
        let end = i + 1;
        while (end < lines.length && (lines[end]!.trim() === '' || indent(lines[end]!) > indent(line))) end++;
        const body = [start[2]!, ...lines.slice(i + 1, end)].join('\n');
        pending.push(start[1]!);
        if (body.trim() === '') return;
        pending.forEach((type) => found.set(type, { file, body }));
        pending = [];
      });
    }
  return found;
}

/** The codes each command's decider raises, sorted, with `extra` codes (its handler's) added. */
export function derivedRefusals(
  files: readonly URL[],
  options: { single?: Record<string, string>; extra?: Record<string, Partial<Record<keyof RaisedCodes, string[]>>> } = {},
): Record<string, { rules: string[]; conflicts: string[] }> {
  const all = chunks(files);
  return Object.fromEntries(
    [...deciders(all, options.single)].map(([type, { file, body }]) => {
      const { rules, conflicts } = raised(body, file, all);
      options.extra?.[type]?.rules?.forEach((r) => rules.add(r));
      options.extra?.[type]?.conflicts?.forEach((c) => conflicts.add(c));
      return [type, { rules: [...rules].sort(), conflicts: [...conflicts].sort() }];
    }),
  );
}

/** A context's declared table, each list sorted, to compare with `derivedRefusals`. */
export const sortedTable = (table: Record<string, { rules: readonly string[]; conflicts: readonly string[] }>) =>
  Object.fromEntries(
    Object.entries(table).map(([type, r]) => [type, { rules: [...r.rules].sort(), conflicts: [...r.conflicts].sort() }]),
  );
