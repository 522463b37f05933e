import { describe, expect, it } from '@jest/globals';
import { socialReportDecider } from './social-report-approval.js';

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
