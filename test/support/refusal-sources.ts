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

/** Where each class member of a text starts (two-space indented, `private`/`async` or not), by name. */
const memberStarts = (text: string) => [
  ...text.matchAll(/^ {2}(?:(?:private|protected|public|static|readonly) )*(?:async )?(\w+)\(/gm),
];

/** A member's body: up to the next member, the next member's decorators, or the end of the class. */
function memberBody(text: string, start: number, next: number | undefined): string {
  const rest = text.slice(start, next ?? text.length);
  const end = rest.search(/\n {2}@|\n\}/);
  return end < 0 ? rest : rest.slice(0, end);
}

/**
 * Each file's class methods, each with its body, in the shape of {@link chunks}: the platform's
 * services and controllers raise from methods, and `raised` follows a `this.group(…)` to the
 * method of that name in the same file.
 */
export function methods(files: readonly URL[]): Chunks {
  const found: Chunks = new Map();
  for (const file of files) {
    const text = sourceOf(file);
    const starts = memberStarts(text);
    found.set(file.href, new Map(starts.map((m, i) => [m[1]!, memberBody(text, m.index, starts[i + 1]?.index)])));
  }
  return found;
}

/** A controller's methods with the decorators above each (its route and its `@Operation`). */
export function routes(file: URL): Array<{ name: string; decorators: string; body: string }> {
  const text = sourceOf(file);
  const starts = memberStarts(text);
  return starts.map((m, i) => {
    const from = i === 0 ? 0 : starts[i - 1]!.index + memberBody(text, starts[i - 1]!.index, m.index).length;
    const above = text.slice(from, m.index);
    const at = above.indexOf('\n  @');
    return { name: m[1]!, decorators: at < 0 ? '' : above.slice(at), body: memberBody(text, m.index, starts[i + 1]?.index) };
  });
}

/**
 * A controller's writes (`@CommandRoute`, `@Post`, `@Put`, `@Patch`, `@Delete`), each with the
 * table entries its operation declares: the names in its `refusalsOf(…)`, none for
 * `NO_REFUSALS`, or null when it declares nothing (the document would show the general 409 and 422).
 */
export function writeRoutes(file: URL): Array<{ name: string; body: string; declares: string[] | null }> {
  return routes(file)
    .filter(({ decorators }) => /@(?:CommandRoute|Post|Put|Patch|Delete)\(/.test(decorators))
    .map(({ name, decorators, body }) => {
      const named = [...decorators.matchAll(/\brefusalsOf\(([^)]*)\)/g)].flatMap(([, args]) =>
        [...args!.matchAll(/'(\w+)'/g)].map((m) => m[1]!),
      );
      const declares = /\.\.\.NO_REFUSALS\b/.test(decorators) ? [] : /\brefusalsOf\(/.test(decorators) ? named.sort() : null;
      return { name, body, declares };
    });
}

/** The text a body runs: itself and, in turn, the functions (or methods) of the files it calls. */
export function reached(body: string, file: string, all: Chunks, seen = new Set<string>()): string {
  let text = body;
  for (const [, name] of body.matchAll(/\b(\w+)\(/g)) {
    const callee = lookup(all, file, name!);
    if (!callee || seen.has(`${callee.file}#${name}`)) continue;
    seen.add(`${callee.file}#${name}`);
    text += '\n' + reached(callee.body, callee.file, all, seen);
  }
  return text;
}

/** Two sets of chunks as one: each file's functions and its methods (a function wins a shared name). */
export function merged(...sets: Chunks[]): Chunks {
  const found: Chunks = new Map();
  for (const set of sets.reverse())
    for (const [file, bodies] of set) found.set(file, new Map([...(found.get(file) ?? []), ...bodies]));
  return found;
}

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
 * events): an `if (command.type === 'X') return …` line or `{ … }` block, or a `case 'X':` up
 * to the next line as little indented (its `return decideX(…)` or its own block; cases that
 * fall through share the next one's). A case that hands the command to a function switching on
 * `command.type` again (`return decidePasskey(command, …)`) takes, of that function, what comes
 * before its switch and its own case. A decider that takes one command and has no switch is
 * named in `single` (its const → its command type): its whole body counts.
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
      for (const [type, body] of casesIn(chunk.slice(at))) {
        const handedTo = /^\s*return (\w+)\(command\b/.exec(body)?.[1];
        const callee = handedTo === undefined ? undefined : lookup(all, file, handedTo);
        const switchAt = callee?.body.search(/switch \(command\.type\)/) ?? -1;
        const own = switchAt < 0 ? undefined : casesIn(callee!.body).get(type);
        // What comes before its switch, without its signature (which names the function itself).
        const before = callee?.body.slice(callee.body.indexOf('\n'), switchAt);
        found.set(type, own === undefined ? { file, body } : { file: callee!.file, body: before + own });
      }
    }
  return found;
}

/** The command types a text decides, each with the text that decides it (see {@link deciders}). */
function casesIn(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const lines = text.split('\n');
  const indent = (line: string) => line.length - line.trimStart().length;
  /** From line `i`, up to the next line as little indented as it (and that line, when it closes a block). */
  const blockFrom = (i: number, closing: boolean) => {
    let end = i + 1;
    while (end < lines.length && (lines[end]!.trim() === '' || indent(lines[end]!) > indent(lines[i]!))) end++;
    return lines.slice(i + 1, closing ? end + 1 : end);
  };
  let pending: string[] = [];
  lines.forEach((line, i) => {
    const guard = /command\.type === '(\w+)'\)\s*(return\b|\{\s*$)/.exec(line);
    if (guard) found.set(guard[1]!, guard[2] === '{' ? [line, ...blockFrom(i, true)].join('\n') : line);
    const start = /^\s*case '(\w+)':(.*)$/.exec(line);
    if (!start) return;
    const body = [start[2]!, ...blockFrom(i, false)].join('\n');
    pending.push(start[1]!);
    if (body.trim() === '') return;
    pending.forEach((type) => found.set(type, body));
    pending = [];
  });
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
