import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../platform/integrity/canonical-json.js';
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

/** The other economic figures of the year, as the cooperative enters them for section 6. */
export const EconomicDocumentContent = z.object({
  title: z.string().trim().min(1).max(200),
  text: z.string().trim().min(1).max(4_000),
  amounts: z
    .array(z.object({ label: z.string().trim().min(1).max(200), amountCents: z.number().int() }))
    .max(100)
    .describe('Labelled amounts in euro cents (revenue, costs, result, …)'),
});
export type EconomicDocumentContent = z.infer<typeof EconomicDocumentContent>;

/**
 * The cooperative entered the economic document of a year's social report (DM 4 luglio 2019
 * § 6.6: the economic figures the events do not hold), with the sha256 of its canonical JSON;
 * a later one replaces it until the report is approved.
 */
export const SocialReportEconomicDocumentRecorded = defineEvent({
  type: 'SocialReportEconomicDocumentRecorded',
  schemaVersion: 1,
  schema: EconomicDocumentContent.extend({
    year: z.number().int(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    recordedAt: z.string(),
  }),
});
export type EconomicDocumentData = z.infer<typeof SocialReportEconomicDocumentRecorded.schema>;

/** The sha256 of the economic document's content: its canonical JSON (RFC 8785). */
export const economicDocumentSha256 = ({ title, text, amounts }: EconomicDocumentContent): string =>
  createHash('sha256').update(canonicalJson({ title, text, amounts })).digest('hex');

export interface ApproveSocialReport {
  type: 'ApproveSocialReport';
  year: number;
  sha256: string;
  assemblyResolutionId: string;
  document: string;
}

export interface RecordEconomicDocument extends EconomicDocumentContent {
  type: 'RecordEconomicDocument';
  year: number;
}

export type SocialReportState = { approved: SocialReportApprovedData | null; economicDocument: EconomicDocumentData | null };
type SocialReportEvent =
  | DomainEvent<'SocialReportApproved', SocialReportApprovedData>
  | DomainEvent<'SocialReportEconomicDocumentRecorded', EconomicDocumentData>;

const fixed = (year: number, approved: SocialReportApprovedData) =>
  stateConflict(
    'SOCIAL_REPORT_APPROVED',
    `the social report of ${year} was approved on ${approved.approvedAt}: it is fixed and cannot be regenerated`,
    { sha256: approved.sha256 },
  );

/**
 * A year's report takes its economic document until it is approved, and is approved once;
 * after that it is fixed (any change is a clash with the record).
 */
export const socialReportDecider: Decider<ApproveSocialReport | RecordEconomicDocument, SocialReportState, SocialReportEvent> = {
  initialState: () => ({ approved: null, economicDocument: null }),
  evolve: (state, event) =>
    event.type === 'SocialReportApproved' ? { ...state, approved: event.data } : { ...state, economicDocument: event.data },
  decide(command, state, { now }) {
    if (state.approved) throw fixed(command.year, state.approved);
    if (command.type === 'RecordEconomicDocument') {
      const { type: _type, year, title, text, amounts } = command;
      const sha256 = economicDocumentSha256({ title, text, amounts });
      return [
        {
          type: 'SocialReportEconomicDocumentRecorded',
          data: { year, title, text, amounts, sha256, recordedAt: now.toISOString() },
        },
      ];
    }
    const { type: _type, ...data } = command;
    return [{ type: 'SocialReportApproved', data: { ...data, approvedAt: now.toISOString() } }];
  },
};

/** The reports' context: the social report's economic documents and approvals and the prints of the legal books. */
export const reportsContext: ContextDefinition = {
  name: 'reports',
  events: [SocialReportApproved, SocialReportEconomicDocumentRecorded, BookPrinted],
  projectors: [],
};
