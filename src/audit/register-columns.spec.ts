import { describe, expect, it } from '@jest/globals';
import type { RegisterLine } from '../membership/public.js';
import { registerCsv } from './register-audit.js';
import { csv } from './register-columns.js';

const line = (over: Partial<RegisterLine>): RegisterLine => ({
  memberNumber: 1,
  memberId: 'm-1',
  applicationId: 'a-1',
  category: 'worker',
  section: 'ordinary',
  admittedOn: '2026-01-15',
  boardResolutionId: 'r-1',
  shares: { count: 2, subscribedCents: 5000, paidCents: 2550, refundedCents: 0 },
  exit: null,
  ...over,
});

describe('the register CSV an auditor rebuilds from the events (D8)', () => {
  it('keeps its columns and bytes: header, one line a member, CRLF after each', () =>
    expect(
      registerCsv([
        line({}),
        line({
          memberNumber: 2,
          memberId: 'm-2',
          applicationId: 'a-2',
          category: 'volunteer',
          section: 'volunteers',
          shares: { count: 1, subscribedCents: 2500, paidCents: 2500, refundedCents: 2500 },
          exit: { date: '2026-06-30', cause: 'withdrawal' },
        }),
      ]),
    ).toBe(
      'numero,id_socio,id_domanda,categoria,sezione,data_ammissione,delibera_ammissione,quote_sottoscritte,capitale_sottoscritto_eur,capitale_versato_eur,capitale_rimborsato_eur,data_uscita,causa_uscita\r\n' +
        '1,m-1,a-1,worker,ordinary,2026-01-15,r-1,2,50.00,25.50,0.00,,\r\n' +
        '2,m-2,a-2,volunteer,volunteers,2026-01-15,r-1,1,25.00,25.00,25.00,2026-06-30,withdrawal\r\n',
    ));

  it('is only a header when the register is empty', () =>
    expect(registerCsv([])).toBe(
      'numero,id_socio,id_domanda,categoria,sezione,data_ammissione,delibera_ammissione,quote_sottoscritte,capitale_sottoscritto_eur,capitale_versato_eur,capitale_rimborsato_eur,data_uscita,causa_uscita\r\n',
    ));
});

describe('RFC 4180 cells', () => {
  const columns: Array<[string, (row: string | null | undefined) => string | null | undefined]> = [['v', (v) => v]];
  it('quotes a quote, a comma or a line break, doubling the quotes; null and undefined are empty', () =>
    expect(csv(columns, ['a"b', 'a,b', 'a\nb', 'a;b', null, undefined])).toBe(
      'v\r\n"a""b"\r\n"a,b"\r\n"a\nb"\r\na;b\r\n\r\n\r\n',
    ));
  it("quotes `;` as well where asked (the bundle's books)", () =>
    expect(csv(columns, ['a;b', 'ab'], /[",\n\r;]/)).toBe('v\r\n"a;b"\r\nab\r\n'));
});
