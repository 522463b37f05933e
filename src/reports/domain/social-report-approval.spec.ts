import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { economicDocumentSha256, socialReportDecider } from './social-report-approval.js';

const now = new Date('2026-05-20T09:00:00Z');
const approve = {
  type: 'ApproveSocialReport' as const,
  year: 2025,
  sha256: 'a'.repeat(64),
  assemblyResolutionId: 'r-1',
  document: 'JVBERi0=',
};

describe('approving the social report of a year', () => {
  it('records the approval with the document, its hash and the resolution', () => {
    expect(socialReportDecider.decide(approve, socialReportDecider.initialState(), { now })).toEqual([
      {
        type: 'SocialReportApproved',
        data: {
          year: 2025,
          sha256: 'a'.repeat(64),
          assemblyResolutionId: 'r-1',
          document: 'JVBERi0=',
          approvedAt: now.toISOString(),
        },
      },
    ]);
  });

  it('refuses a second approval as a clash with the record (409 SOCIAL_REPORT_APPROVED)', () => {
    const [event] = socialReportDecider.decide(approve, socialReportDecider.initialState(), { now });
    const state = socialReportDecider.evolve(socialReportDecider.initialState(), event!);
    expect(() => socialReportDecider.decide({ ...approve, sha256: 'b'.repeat(64) }, state, { now })).toThrow(
      expect.objectContaining({ code: 'SOCIAL_REPORT_APPROVED' }),
    );
  });
});

describe('the economic document of a year’s social report', () => {
  const content = {
    title: 'Dati economici 2025',
    text: 'Dal bilancio d’esercizio approvato dall’assemblea.',
    amounts: [
      { label: 'Valore della produzione', amountCents: 123_456_00 },
      { label: 'Risultato d’esercizio', amountCents: -1_200_00 },
    ],
  };
  const record = { type: 'RecordEconomicDocument' as const, year: 2025, ...content };
  const approved = {
    type: 'SocialReportApproved' as const,
    data: {
      year: 2025,
      sha256: 'a'.repeat(64),
      assemblyResolutionId: 'r-1',
      approvedAt: now.toISOString(),
      document: 'JVBERi0=',
    },
  };

  it('records the document with the sha256 of its canonical JSON, until the report is approved', () => {
    given(socialReportDecider)
      .when(record, now)
      .then([
        {
          type: 'SocialReportEconomicDocumentRecorded',
          data: { year: 2025, ...content, sha256: economicDocumentSha256(content), recordedAt: now.toISOString() },
        },
      ]);
    // the hash is of the content, its keys in canonical order: the same document, the same hash
    expect(economicDocumentSha256({ amounts: content.amounts, text: content.text, title: content.title })).toBe(
      economicDocumentSha256(content),
    );
    expect(economicDocumentSha256({ ...content, title: 'Altro' })).not.toBe(economicDocumentSha256(content));
  });

  it('keeps the last document entered as the one the report includes', () => {
    const [first] = given(socialReportDecider).when(record, now).events();
    const [second] = given(socialReportDecider, [first!])
      .when({ ...record, title: 'Dati economici 2025, rettifica' }, now)
      .events();
    const state = [first!, second!].reduce(socialReportDecider.evolve, socialReportDecider.initialState());
    expect(state.economicDocument?.title).toBe('Dati economici 2025, rettifica');
  });

  it('refuses a document after the approval as a clash with the record (409 SOCIAL_REPORT_APPROVED)', () => {
    given(socialReportDecider, [approved]).when(record, now).thenConflicts('SOCIAL_REPORT_APPROVED');
  });
});
