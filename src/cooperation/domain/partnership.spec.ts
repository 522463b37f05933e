import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { failureOf } from '../../../test/support/failure-of.js';
import { RecordPartnership, RecordPartnershipHandler } from '../commands/partnership.handler.js';
import type { CommandProcessor } from '../../platform/commands/command-processor.js';
import { RuleViolation } from '../../platform/errors/domain-errors.js';
import type { CooperationEvent, PartnershipTerms } from './cooperation-events.js';
import { partnershipDecider, type PartnershipCommand } from './partnership.js';

const partnershipId = 'd1000000-0000-4000-8000-000000000001';
const resolution = { body: 'board' as const, resolutionId: 'cda-2026-03-01-2' };
const terms: PartnershipTerms = {
  partner: { name: 'Consorzio Sociale Liguria', kind: 'consortium', fiscalCode: '01234567890', country: 'IT' },
  form: 'consortium_membership',
  purpose: 'joint tenders for educational services',
  scope: 'local',
  startsOn: '2026-03-01',
  endsOn: null,
};
const agree: PartnershipCommand = { type: 'AgreePartnership', partnershipId, terms, agreedOn: '2026-03-01', resolution };
const agreed: CooperationEvent = {
  type: 'PartnershipAgreed',
  data: { partnershipId, ...terms, agreedOn: '2026-03-01', resolution },
};
const end = (endedOn: string): PartnershipCommand => ({
  type: 'EndPartnership',
  partnershipId,
  endedOn,
  reason: 'mutual_agreement',
  resolution,
});

describe('cooperation: partnerships', () => {
  it('G7 agrees a partnership citing the resolution that decided it', () => given(partnershipDecider).when(agree).then([agreed]));

  it('agrees a partnership once', () =>
    expect(failureOf(given(partnershipDecider, [agreed]).when(agree).events)).toEqual({
      status: 409,
      code: 'PARTNERSHIP_EXISTS',
    }));

  it('refuses a term that ends before it starts', () =>
    expect(
      failureOf(
        given(partnershipDecider).when({ ...agree, terms: { ...terms, endsOn: '2026-02-28' } } as PartnershipCommand).events,
      ),
    ).toEqual({ status: 400, code: 'DATE_ORDER', field: 'terms.endsOn' }));

  it('G7 ends a partnership by a resolution, once, and not before it started', () => {
    given(partnershipDecider, [agreed])
      .when(end('2027-01-31'))
      .then([
        { type: 'PartnershipEnded', data: { partnershipId, endedOn: '2027-01-31', reason: 'mutual_agreement', resolution } },
      ]);
    expect(failureOf(given(partnershipDecider, [agreed]).when(end('2026-02-01')).events)).toEqual({
      status: 409,
      code: 'BEFORE_PARTNERSHIP_START',
    });
    expect(failureOf(given(partnershipDecider).when(end('2027-01-31')).events)).toEqual({ status: 404, resource: 'partnership' });
    expect(
      failureOf(
        given(partnershipDecider, [
          agreed,
          { type: 'PartnershipEnded', data: { partnershipId, endedOn: '2027-01-31', reason: 'term', resolution } },
        ]).when(end('2027-02-28')).events,
      ),
    ).toEqual({ status: 409, code: 'PARTNERSHIP_ENDED' });
  });

  it('G7 refuses a partnership recorded by anyone but the process manager that carries out resolutions', async () => {
    const handler = new RecordPartnershipHandler({} as CommandProcessor);
    const meta = { commandId: 'c', actor: { keyId: 'k', role: 'secretary' } };
    await expect(handler.execute(new RecordPartnership(agree, meta))).rejects.toBeInstanceOf(RuleViolation);
    await expect(handler.execute(new RecordPartnership(agree, meta))).rejects.toMatchObject({ rule: 'G7' });
  });
});
