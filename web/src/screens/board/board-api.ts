import type { components, paths } from '../../api/schema';
import type { Role } from '../../api/client';

type Json<P extends keyof paths, S extends number> = paths[P]['get'] extends {
  responses: { [K in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

/** What the board's screens read, typed from the OpenAPI document where it declares the answer. */
export type BoardTerms = Json<'/governance/board', 200>;
export type BoardTerm = BoardTerms['terms'][number];
export type MeetingView = Json<'/governance/board-meetings/{meetingId}', 200>;
export type Vote = 'for' | 'against' | 'abstain';
export type Problem = components['schemas']['Problem'] & { code?: string };

/** A person named in a record: the name, or null once erased. */
export interface Named {
  name: string | null;
  personalDataErased?: true;
}

/** The board's book as JSON (its answer declares no schema): the meetings, by the day held. */
export interface BoardBook {
  meetings: Array<{
    _id: string;
    convenedOn: string;
    heldOn: string;
    place: string;
    agenda: string[];
    present: string[] | null;
    quorumReached: boolean | null;
    resolutions: unknown[];
  }>;
}

/** A decision as the resolution records it (the resolution schema's `decides`). */
export type Decision =
  | { kind: 'admit'; applicationId: string; admittedOn: string }
  | { kind: 'reject'; applicationId: string; reasons: string; communicatedOn: string }
  | { kind: 'accept-withdrawal'; memberId: string; communicatedOn: string }
  | { kind: 'refuse-withdrawal'; memberId: string; reasons: string }
  | { kind: 'exclude'; memberId: string; grounds: string; communicatedOn: string }
  | { kind: 'change-category'; memberId: string; to: 'worker' | 'volunteer' | 'user' | 'financing'; changedOn: string }
  | { kind: string; [field: string]: unknown };

/** The decision trail of a board resolution (G7), as `GET /governance/resolutions/{id}` answers it. */
export interface Trail {
  resolutionId: string;
  eventId: string;
  position: string;
  outcome: 'adopted' | 'rejected';
  body: 'board' | 'assembly';
  resolution: {
    meetingId?: string;
    decidedOn: string;
    item?: number;
    text?: string;
    tally: { for: number; against: number; abstain: number; present?: number };
    majorityRule: string;
    reasons?: string | null;
    decides: Decision[];
  };
  votes?: Array<Named & { directorId: string; vote: Vote }>;
  meeting: null | {
    meetingId: string;
    heldOn: string;
    place: string;
    agenda: string[];
    inOffice: number | null;
    quorumReached: boolean | null;
    presentDirectors: Array<Named & { directorId: string }> | null;
    conflicts: Array<Named & { directorId: string; item: number; interest: string }>;
    minutes: null | { president: string | null; secretary: string | null; minutesSha256: string };
  };
  decisions: Array<{ commandId: string; index: number; status: 'done' | 'refused'; rule: string | null; detail: string | null }>;
  caused: Array<{ id: string; type: string; stream: string; revision: string; position: string; recordedAt: string }>;
}

/** Pending withdrawals awaiting the board (M7), from the membership reports. */
export interface Withdrawals {
  requests: Array<{ memberId: string; memberNumber: number; requestedOn: string; deadline: string; overdue: boolean }>;
}

/** Who may read and write the board's records, as the API's roles decide (the server refuses anyway). */
export const mayBoard = {
  read: (role: Role) => ['admin', 'secretary', 'board', 'auditor'].includes(role),
  record: (role: Role) => ['admin', 'secretary', 'board'].includes(role),
};

/** The Europe/Rome business date of an instant (a recorded event's time). */
export const romeDate = (instant: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant),
  );

/** The paths of the board's screens: Italian words, so none collides with an API path. */
export const boardPaths = {
  home: '/consiglio',
  meeting: (meetingId: string) => `/consiglio/riunioni/${meetingId}`,
  resolution: (resolutionId: string) => `/consiglio/delibere/${encodeURIComponent(resolutionId)}`,
  event: (eventId: string) => `/consiglio/eventi/${eventId}`,
};
