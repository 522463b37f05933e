import { describe, expect, it } from '@jest/globals';
import {
  chunks,
  derivedRefusals,
  methods,
  raised,
  sortedTable,
  sourceOf,
  writeRoutes,
} from '../../../test/support/refusal-sources.js';
import { REPORTS_REFUSALS } from './refusals.js';

const here = (file: string) => new URL(file, import.meta.url);
const DECIDER = here('../domain/social-report-approval.ts');
const CONTROLLER = here('./social-report.controller.ts');
const BOOK_DECIDER = here('../books/book-printed.ts');
const BOOKS = here('../books/legal-books.controller.ts');
const PRINTER = here('../books/book-printer.ts');

/** The body of a controller's method, up to the next route. */
function method(name: string): string {
  const text = sourceOf(CONTROLLER);
  const start = text.indexOf(`async ${name}(`);
  expect(start).toBeGreaterThan(0);
  const end = text.slice(start).search(/\n\s*@(?:Get|CommandRoute|Operation)\(/);
  return text.slice(start, end < 0 ? undefined : start + end);
}

describe('the refusals each write of the reports declares (for the OpenAPI document)', () => {
  it('are exactly the codes its decider and the controller before it raise', () => {
    // The decider takes both commands without a switch: its whole body counts for each.
    const byDecider = (type: string) => derivedRefusals([DECIDER], { single: { socialReportDecider: type } })[type]!;
    const byController = (name: string) => {
      const { rules, conflicts } = raised(method(name), CONTROLLER.href, chunks([CONTROLLER]));
      return { rules: [...rules], conflicts: [...conflicts] };
    };
    const derived = Object.fromEntries(
      (
        [
          ['RecordEconomicDocument', 'recordEconomicDocument'],
          ['ApproveSocialReport', 'approve'],
        ] as const
      ).map(([type, name]) => {
        const [decider, controller] = [byDecider(type), byController(name)];
        expect(method(name)).toContain(`type: '${type}'`);
        const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
        return [
          type,
          { rules: union(decider.rules, controller.rules), conflicts: union(decider.conflicts, controller.conflicts) },
        ];
      }),
    );
    const { RecordBookPrint: _, ...socialReport } = sortedTable(REPORTS_REFUSALS);
    expect(socialReport).toEqual(derived);
  });

  it("of a legal book's print are the codes its decider, its route and the printer's print raise", () => {
    const [print, ...others] = writeRoutes(BOOKS);
    expect({ others: others.length, name: print!.name, declares: print!.declares }).toEqual({
      others: 0,
      name: 'print',
      declares: ['RecordBookPrint'],
    });
    const printer = methods([PRINTER]);
    const printing = printer.get(PRINTER.href)!.get('print')!;
    expect(print!.body).toContain('this.printer.print(');
    expect(printing).toContain("type: 'RecordBookPrint'");
    const byDecider = derivedRefusals([BOOK_DECIDER], { single: { bookPrintDecider: 'RecordBookPrint' } }).RecordBookPrint!;
    const byRoute = raised(print!.body, BOOKS.href, chunks([BOOKS]));
    const byPrinter = raised(printing, PRINTER.href, printer);
    const union = (pick: (r: { rules: Iterable<string>; conflicts: Iterable<string> }) => Iterable<string>) =>
      [...new Set([byDecider, byRoute, byPrinter].flatMap((r) => [...pick(r)]))].sort();
    expect(sortedTable(REPORTS_REFUSALS).RecordBookPrint).toEqual({
      rules: union((r) => r.rules),
      conflicts: union((r) => r.conflicts),
    });
  });
});
