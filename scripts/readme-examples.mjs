#!/usr/bin/env node
// The README's examples are the scripts under examples/, included verbatim between markers:
//
//   <!-- example: examples/02-board.sh -->
//   ```sh
//   …the script, as it is…
//   ```
//   <!-- /example -->
//
//   node scripts/readme-examples.mjs            checks the README holds every example as it is (exit 1 otherwise)
//   node scripts/readme-examples.mjs --write    copies the scripts into the README between their markers
//   node scripts/readme-examples.mjs --list     prints the examples in the README's order, one a line
//   --readme <file>                             another README (the tests check the checker on a copy)
//
// The check also fails on a shell block that calls the service ($COOP) outside the markers,
// on a script of examples/ the README does not include, and on examples out of their
// numbered order: the order the README reads in is the order `npm test` runs them in.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const { values: options } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    readme: { type: 'string', default: join(root, 'README.md') },
  },
});

const MARKER = /^<!-- example: (\S+) -->\n```sh\n([\s\S]*?)```\n<!-- \/example -->$/gm;

/** The examples the README includes, in its order, with where each block's text lies. */
export function examplesOf(readme) {
  return [...readme.matchAll(MARKER)].map((match) => ({
    script: match[1],
    block: match[2],
    start: match.index + match[0].indexOf('```sh\n') + '```sh\n'.length,
    end: match.index + match[0].lastIndexOf('```\n<!-- /example -->'),
  }));
}

/** What is wrong with the README's examples, as sentences (none: all is well). */
export function problemsOf(readme) {
  const problems = [];
  const examples = examplesOf(readme);
  for (const { script, block } of examples) {
    const file = join(root, script);
    if (!existsSync(file)) problems.push(`${script} is included by the README but does not exist`);
    else if (readFileSync(file, 'utf8') !== block)
      problems.push(`${script} differs from its block in the README (node scripts/readme-examples.mjs --write)`);
  }
  const included = new Set(examples.map((e) => e.script));
  for (const name of readdirSync(join(root, 'examples'))
    .filter((n) => /^\d\d-.*\.sh$/.test(n))
    .sort())
    if (!included.has(`examples/${name}`)) problems.push(`examples/${name} is not included in the README`);
  const order = examples.map((e) => e.script);
  if (order.join('\n') !== [...order].sort().join('\n'))
    problems.push(`the README includes the examples out of their numbered order: ${order.join(', ')}`);
  // A shell block that calls the service and is no example would rot unseen.
  const outside = examples.reduceRight((text, e) => text.slice(0, e.start) + text.slice(e.end), readme);
  for (const [, block] of outside.matchAll(/^```(?:sh|bash)\n([\s\S]*?)^```$/gm))
    if (block.includes('$COOP'))
      problems.push(`a shell block calls the service outside the examples' markers: ${block.split('\n')[0]}`);
  return problems;
}

const readme = readFileSync(options.readme, 'utf8');
if (options.list) {
  for (const { script } of examplesOf(readme)) console.log(script);
} else if (options.write) {
  const written = examplesOf(readme).reduceRight(
    (text, e) => text.slice(0, e.start) + readFileSync(join(root, e.script), 'utf8') + text.slice(e.end),
    readme,
  );
  writeFileSync(options.readme, written);
  const problems = problemsOf(written);
  for (const problem of problems) console.error(problem);
  process.exitCode = problems.length ? 1 : 0;
} else {
  const problems = problemsOf(readme);
  for (const problem of problems) console.error(problem);
  if (problems.length === 0)
    console.log(
      `${relative(process.cwd(), options.readme) || options.readme}: ${examplesOf(readme).length} examples, as in examples/`,
    );
  process.exitCode = problems.length ? 1 : 0;
}
