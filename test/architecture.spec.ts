/**
 * The boundaries of DESIGN.md's layout, checked over every import of `src/` (static imports,
 * re-exports and `import()`, read with TypeScript's own parser):
 *
 * - `src/platform/` knows no domain word: it imports nothing outside the platform (spec files
 *   may also use `test/support/`).
 * - `src/shared-kernel/` is the small kernel the contexts share: the fiscal-code check and the
 *   person schemas (`PersonFiscalCode`, `NaturalPerson`), nothing else. It imports only
 *   itself and the platform.
 * - A bounded context (`membership`, `governance`, `work`, `services`, `cooperation`, `audit`,
 *   `reports`) imports its own files, the platform, the shared kernel, and of another context
 *   only that context's public file, `src/<context>/public.ts` (its events, the commands
 *   others issue, the read models and reports others read), or the part of it that loads no
 *   handler, controller or NestJS, `src/<context>/public-events.ts` (its events, and what
 *   another context's event schemas and projectors name: they then load without any of
 *   those, and so does the catch-up thread, which loads the projectors alone). It may load the composition root
 *   (`src/*.ts`) only lazily, with `import()`, as its command-line subcommands do (naming its types with `import type` loads nothing); never the
 *   seed.
 * - The composition root (`src/*.ts`) and the seed (`src/seed/`, which writes what every
 *   context's commands would write, by calling their code) may import anything.
 *
 * A folder of `src/` that is none of these fails too: a new context is declared here.
 *
 * And the plain scripts of `bench/` and `scripts/`, which run the built product, take from
 * `dist/` only names their `src/` file exports: a name moved in `src/` moves there too.
 *
 * And no SQL in `src/` binds its LIMIT (`LIMIT ?`), since SQLite compiles such a statement
 * again at each run: a limited query is a `LimitedQuery` (`src/platform/sqlite/limited-query.ts`),
 * given its SQL directly or through a constant of the same file.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

const CONTEXTS = ['membership', 'governance', 'work', 'services', 'cooperation', 'audit', 'reports'];
const ANYTHING_GOES = ['seed'];

interface ImportSite {
  specifier: string;
  dynamic: boolean;
  /** `import type …`: names types only, loads nothing at run time. */
  typeOnly?: boolean;
}

/** Every relative module a file names: `import … from`, `export … from`, `import('…')`. */
function importsOf(fileName: string, source: string, { packages = false } = {}): ImportSite[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: ImportSite[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      found.push({
        specifier: node.moduleSpecifier.text,
        dynamic: false,
        typeOnly: ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly === true : node.isTypeOnly,
      });
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) found.push({ specifier: argument.text, dynamic: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return packages ? found : found.filter((site) => site.specifier.startsWith('.'));
}

type Area =
  | { kind: 'platform' | 'kernel' | 'root' | 'free' | 'test' }
  | { kind: 'context'; name: string }
  | { kind: 'unknown'; name: string };

/** Where a path (relative to the repository, `/`-separated) lies. */
function areaOf(path: string): Area {
  const parts = path.split('/');
  if (parts[0] === 'test') return { kind: 'test' };
  if (parts[0] !== 'src') return { kind: 'unknown', name: parts[0]! };
  if (parts.length === 2) return { kind: 'root' };
  const top = parts[1]!;
  if (top === 'platform') return { kind: 'platform' };
  if (top === 'shared-kernel') return { kind: 'kernel' };
  if (ANYTHING_GOES.includes(top)) return { kind: 'free' };
  if (CONTEXTS.includes(top)) return { kind: 'context', name: top };
  return { kind: 'unknown', name: top };
}

/**
 * The breaches of the rules above in `files` (path relative to the repository → source), one
 * line each, naming the file, the import as written and the rule it breaks.
 */
export function breaches(files: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [path, source] of files) {
    const from = areaOf(path);
    const spec = path.endsWith('.spec.ts');
    if (from.kind === 'unknown') {
      found.push(
        `${path}: src/${from.name}/ is neither the platform, the shared kernel, a context nor the seed: declare it in test/architecture.spec.ts`,
      );
      continue;
    }
    if (from.kind === 'root' || from.kind === 'free') continue;
    for (const { specifier, dynamic, typeOnly } of importsOf(path, source)) {
      const target = normalize(join(dirname(path), specifier))
        .split('\\')
        .join('/')
        .replace(/\.js$/, '.ts');
      const to = areaOf(target);
      const breach = (rule: string) => found.push(`${path} imports '${specifier}' (${target}): ${rule}`);
      if (to.kind === 'test' && spec && target.startsWith('test/support/')) continue;
      if (to.kind === 'test') breach('only a spec file may use test code, and only test/support/');
      else if (from.kind === 'platform') {
        if (to.kind !== 'platform') breach('src/platform/ knows no domain word: it imports nothing outside the platform');
      } else if (from.kind === 'kernel') {
        if (to.kind !== 'kernel' && to.kind !== 'platform') breach('the shared kernel imports only itself and the platform');
      } else if (from.kind === 'context') {
        if (to.kind === 'platform' || to.kind === 'kernel') continue;
        if (to.kind === 'context' && to.name === from.name) continue;
        if (to.kind === 'context') {
          if (target !== `src/${to.name}/public.ts` && target !== `src/${to.name}/public-events.ts`)
            breach(`a context imports another context only through its public file (src/${to.name}/public.ts)`);
        } else if (to.kind === 'root') {
          if (!dynamic && !typeOnly)
            breach('a context loads the composition root only lazily, with import() (or names its types)');
        } else breach(`a context does not import ${to.kind === 'free' ? 'the seed' : target}`);
      }
    }
  }
  return found;
}

/** The files under `dir` whose names match `kind` (TypeScript by default), by path; what is installed or generated left out. */
function sourcesUnder(root: string, dir: string, kind = /\.ts$/, into = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!['node_modules', 'results'].includes(entry.name)) sourcesUnder(root, path, kind, into);
    } else if (kind.test(entry.name)) into.set(path, readFileSync(join(root, path), 'utf8'));
  }
  return into;
}

/**
 * What a plain script of `bench/` or `scripts/` takes from the built product by name
 * (`import { a } from '…/dist/x.js'`, `const { a } = await import('…/dist/x.js')`), as the
 * source file of `src/` each name must be exported from.
 */
function namesTakenFromTheBuild(path: string, source: string): { file: string; module: string; name: string }[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const taken: { file: string; module: string; name: string }[] = [];
  const take = (specifier: string, names: string[]) => {
    const target = normalize(join(dirname(path), specifier));
    const match = /^dist\/(.+)\.js$/.exec(target);
    if (match) for (const name of names) taken.push({ file: path, module: `src/${match[1]}.ts`, name });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const bindings = node.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings))
        take(
          node.moduleSpecifier.text,
          bindings.elements.map((element) => (element.propertyName ?? element.name).text),
        );
    }
    if (
      ts.isVariableDeclaration(node) &&
      ts.isObjectBindingPattern(node.name) &&
      node.initializer &&
      ts.isAwaitExpression(node.initializer) &&
      ts.isCallExpression(node.initializer.expression) &&
      node.initializer.expression.expression.kind === ts.SyntaxKind.ImportKeyword
    ) {
      const [specifier] = node.initializer.expression.arguments;
      if (specifier && ts.isStringLiteral(specifier))
        take(
          specifier.text,
          node.name.elements.map((element) => ((element.propertyName ?? element.name) as ts.Identifier).text),
        );
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return taken;
}

/**
 * The SQL of `files` that binds its LIMIT outside a `LimitedQuery`: each string or template
 * with `LIMIT ?` must be an argument of `new LimitedQuery(…)`, or the value of a constant that
 * the same file gives to one.
 */
function boundLimits(files: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [path, source] of files) {
    if (path.endsWith('/sqlite/limited-query.ts')) continue; // the class itself, which says what it takes
    const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const givenToLimitedQuery = new Set<ts.Node>();
    const constants = new Map<string, ts.Node>();
    const sql: ts.Node[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isNewExpression(node) && node.expression.getText(file) === 'LimitedQuery')
        for (const argument of node.arguments ?? []) givenToLimitedQuery.add(argument);
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer)
        constants.set(node.name.text, node.initializer);
      if (
        (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) &&
        /\bLIMIT\s+\?/i.test(node.getText(file))
      )
        sql.push(node);
      ts.forEachChild(node, visit);
    };
    visit(file);
    const allowed = new Set(givenToLimitedQuery);
    for (const argument of givenToLimitedQuery)
      if (ts.isIdentifier(argument) && constants.has(argument.text)) allowed.add(constants.get(argument.text)!);
    for (const node of sql)
      if (!allowed.has(node)) {
        const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
        found.push(`${path}:${line + 1} binds its LIMIT: write it as a LimitedQuery`);
      }
  }
  return found;
}

const repository = relative(process.cwd(), join(import.meta.dirname, '..')) || '.';

describe('the architecture of src/', () => {
  it("keeps DESIGN.md's boundaries: the platform knows no context, a context reads another through its public file", () => {
    const files = sourcesUnder(repository, 'src');
    expect(files.size).toBeGreaterThan(100);
    expect(breaches(files)).toEqual([]);
  });

  /** Every file of `src/` and every package that loading `root` loads (static imports only). */
  const loadedBy = (files: ReadonlyMap<string, string>, root: string) => {
    const loaded = new Set<string>();
    const packages = new Set<string>();
    const visit = (path: string) => {
      if (loaded.has(path)) return;
      loaded.add(path);
      for (const { specifier, dynamic, typeOnly } of importsOf(path, files.get(path) ?? '', { packages: true })) {
        if (dynamic || typeOnly) continue;
        if (!specifier.startsWith('.')) packages.add(specifier);
        else
          visit(
            normalize(join(dirname(path), specifier))
              .split('\\')
              .join('/')
              .replace(/\.js$/, '.ts'),
          );
      }
    };
    visit(root);
    return { loaded: [...loaded], packages: [...packages] };
  };
  /** The folder of its context a file lies in (`http`, `commands`, …), if it lies in a context. */
  const contextFolder = (path: string) => (areaOf(path).kind === 'context' ? path.split('/')[2] : undefined);

  it('loads the event schemas (what `coop audit verify` and each of its worker threads load) without a handler, a controller or NestJS', () => {
    const { loaded, packages } = loadedBy(sourcesUnder(repository, 'src'), 'src/event-definitions.ts');
    expect(loaded.length).toBeGreaterThan(10);
    expect(loaded.filter((path) => ['http', 'commands', 'projections'].includes(contextFolder(path) ?? ''))).toEqual([]);
    expect(packages.filter((name) => name.startsWith('@nestjs/'))).toEqual([]);
  });

  it('loads the projectors (what the catch-up thread loads, src/contexts.ts) without a handler, a controller or NestJS', () => {
    const { loaded, packages } = loadedBy(sourcesUnder(repository, 'src'), 'src/contexts.ts');
    const projectors = loaded.filter((path) => contextFolder(path) === 'projections');
    for (const context of ['membership', 'governance', 'work', 'services', 'cooperation'])
      expect([context, projectors.some((path) => path.startsWith(`src/${context}/`))]).toEqual([context, true]);
    expect(loaded.filter((path) => ['http', 'commands'].includes(contextFolder(path) ?? ''))).toEqual([]);
    expect(packages.filter((name) => name.startsWith('@nestjs/'))).toEqual([]);
  });

  it('starts the service (src/main.ts) without what only some requests or deployments use: loaded on first use', () => {
    // Each of these costs the service 20-30 MB of memory once loaded (echarts alone is 2,900 modules).
    const onFirstUse = [
      'echarts',
      'pdfkit',
      'svg-to-pdfkit',
      'pkijs',
      'asn1js',
      '@simplewebauthn/server',
      '@eventstore/db-client',
      'mongodb',
    ];
    const { loaded, packages } = loadedBy(sourcesUnder(repository, 'src'), 'src/main.ts');
    expect(loaded.length).toBeGreaterThan(100);
    expect(packages).toEqual(expect.arrayContaining(['@nestjs/core', 'better-sqlite3', 'zod']));
    expect(packages.filter((name) => onFirstUse.includes(name))).toEqual([]);
  });

  it('lets the bench and the scripts take from the build only names src/ exports (a name moved in src/ moves there too)', () => {
    const scripts = new Map([...sourcesUnder(repository, 'bench', /\.m?js$/), ...sourcesUnder(repository, 'scripts', /\.m?js$/)]);
    const taken = [...scripts].flatMap(([path, source]) => namesTakenFromTheBuild(path, source));
    expect(taken.length).toBeGreaterThan(30);
    const modules = [...new Set(taken.map(({ module }) => module))];
    const program = ts.createProgram(
      modules.map((module) => join(repository, module)),
      {
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        noEmit: true,
        skipLibCheck: true,
        experimentalDecorators: true,
      },
    );
    const checker = program.getTypeChecker();
    const exported = new Map(
      modules.map((module) => {
        const file = program.getSourceFile(join(repository, module));
        const symbol = file && checker.getSymbolAtLocation(file);
        return [module, new Set(symbol ? checker.getExportsOfModule(symbol).map((entry) => entry.name) : [])];
      }),
    );
    const missing = taken
      .filter(({ module, name }) => !exported.get(module)?.has(name))
      .map(({ file, module, name }) => `${file} takes ${name} from the build of ${module}, which does not export it`);
    expect(missing).toEqual([]);
  });

  it('binds no LIMIT in its SQL: every limited query is a LimitedQuery (a bound LIMIT recompiles the statement at each run)', () => {
    expect(boundLimits(sourcesUnder(repository, 'src'))).toEqual([]);
    // And the rule sees the breach, directly and through a constant, and lets both right forms through.
    const check = (source: string) => boundLimits(new Map([['src/platform/x.ts', source]]));
    expect(check("const rows = db.prepare('SELECT n FROM t WHERE n > ? LIMIT ?');")).toEqual([
      'src/platform/x.ts:1 binds its LIMIT: write it as a LimitedQuery',
    ]);
    expect(check('const SQL = `SELECT n FROM t LIMIT ?`;\nconst rows = db.prepare(SQL);')).toHaveLength(1);
    expect(check("const q = new LimitedQuery(db, 'SELECT n FROM t WHERE n > ? LIMIT ?');")).toEqual([]);
    expect(check("export const SQL = 'SELECT n FROM t LIMIT ?';\nconst q = new LimitedQuery(db, SQL, 'pluck');")).toEqual([]);
  });

  it('has a public file for every context', () => {
    const files = sourcesUnder(repository, 'src');
    for (const context of CONTEXTS) expect([context, files.has(`src/${context}/public.ts`)]).toEqual([context, true]);
  });

  describe('reports each kind of breach with the file and the import', () => {
    const check = (path: string, source: string) => breaches(new Map([[path, source]]));

    it("refuses a context reaching into another context's domain", () =>
      expect(check('src/governance/domain/x.ts', "import { ContractTerms } from '../../work/domain/work-events.js';")).toEqual([
        "src/governance/domain/x.ts imports '../../work/domain/work-events.js' (src/work/domain/work-events.ts): a context imports another context only through its public file (src/work/public.ts)",
      ]));

    it('refuses the same through a re-export or a dynamic import', () => {
      expect(check('src/work/x.ts', "export { A } from '../membership/http/membership.schemas.js';")).toHaveLength(1);
      expect(check('src/work/x.ts', "const m = await import('../membership/domain/register.js');")).toHaveLength(1);
    });

    it('lets a context import the platform, the shared kernel, its own files and public files', () =>
      expect(
        check(
          'src/services/http/x.ts',
          [
            "import { BusinessDate } from '../../platform/schemas/values.js';",
            "import { NaturalPerson } from '../../shared-kernel/person.js';",
            "import { X } from './services.schemas.js';",
            "import { personIdOf } from '../../work/public.js';",
            "import { ContractTerms } from '../../work/public-events.js';",
            "import { z } from 'zod';",
          ].join('\n'),
        ),
      ).toEqual([]));

    it('refuses the platform importing a context or the shared kernel', () => {
      expect(check('src/platform/http/x.ts', "import { MemberDoc } from '../../membership/public.js';")).toEqual([
        "src/platform/http/x.ts imports '../../membership/public.js' (src/membership/public.ts): src/platform/ knows no domain word: it imports nothing outside the platform",
      ]);
      expect(check('src/platform/x.ts', "import { NaturalPerson } from '../shared-kernel/person.js';")).toHaveLength(1);
    });

    it('refuses the shared kernel importing a context, and a context importing the seed', () => {
      expect(check('src/shared-kernel/x.ts', "import { A } from '../membership/public.js';")).toHaveLength(1);
      expect(check('src/work/x.ts', "import { SEED_ACTOR } from '../seed/seeding.js';")).toHaveLength(1);
    });

    it('lets a context load the composition root lazily only', () => {
      expect(check('src/reports/x.ts', "const { createApp } = await import('../app.js');")).toEqual([]);
      expect(check('src/reports/x.ts', "import { createApp } from '../app.js';")).toHaveLength(1);
    });

    it('refuses a folder of src/ nobody declared', () =>
      expect(check('src/billing/x.ts', '')).toEqual([
        'src/billing/x.ts: src/billing/ is neither the platform, the shared kernel, a context nor the seed: declare it in test/architecture.spec.ts',
      ]));
  });
});
