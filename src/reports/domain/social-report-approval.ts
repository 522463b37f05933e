import { z } from 'zod';
import type { Decider, DomainEvent } from '../../platform/commands/decider.js';
import { stateConflict } from '../../platform/errors/domain-errors.js';
import { defineEvent } from '../../platform/event-store/event-registry.js';
import type { ContextDefinition } from '../../platform/runtime.js';
import { BookPrinted } from '../books/book-printed.js';

/**
 * The assembly approved the social report of a year (D.Lgs. 112/2017 art. 9 c. 2): the
 * document approved is in the event itself (its bytes, base64) with its sha256, so the
 * approved report is as fixed as the log that holds it and is served as approved forever.
 */
export const SocialReportApproved = defineEvent({
  type: 'SocialReportApproved',
  schemaVersion: 1,
  schema: z.object({
    year: z.number().int(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    assemblyResolutionId: z.string().min(1),
    approvedAt: z.string(),
    document: z.string().min(1),
  }),
});
export type SocialReportApprovedData = z.infer<typeof SocialReportApproved.schema>;

export const socialReportStream = (year: number): string => `socialreport-${year}`;

export interface ApproveSocialReport {
  type: 'ApproveSocialReport';
  year: number;
  sha256: string;
  assemblyResolutionId: string;
  document: string;
}

export type SocialReportState = { approved: SocialReportApprovedData | null };
type SocialReportEvent = DomainEvent<'SocialReportApproved', SocialReportApprovedData>;

/** A year's report is approved once; after that it is fixed (a second approval is a clash with the record). */
export const socialReportDecider: Decider<ApproveSocialReport, SocialReportState, SocialReportEvent> = {
  initialState: () => ({ approved: null }),
  evolve: (_state, event) => ({ approved: event.data }),
  decide(command, state, { now }) {
    if (state.approved)
      throw stateConflict(
        'SOCIAL_REPORT_APPROVED',
        `the social report of ${command.year} was approved on ${state.approved.approvedAt}: it is fixed and cannot be regenerated`,
        { sha256: state.approved.sha256 },
      );
    const { type: _type, ...data } = command;
    return [{ type: 'SocialReportApproved', data: { ...data, approvedAt: now.toISOString() } }];
  },
};

/** The reports' context: the approvals of the social report and the prints of the legal books. */
export const reportsContext: ContextDefinition = { name: 'reports', events: [SocialReportApproved, BookPrinted], projectors: [] };
