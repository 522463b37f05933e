import type { RecordedEvent } from '../../platform/event-store/event-store.js';
import type { Projector } from '../../platform/projections/projector.js';
import type { Doc, Filter, ReadCollection } from '../../platform/read-models/read-model-store.js';
import { comparePositions, type Position } from '../../platform/event-store/position.js';
import type { AssemblyEvent } from '../domain/assembly-events.js';
import type { Signatories } from '../domain/governance-events.js';

export const ASSEMBLY_BOOK = 'assembly-book';

interface Motion {
  motionId: string;
  item: number;
  text: string;
  outcome: {
    adopted: boolean;
    resolutionId: string;
    tally: { for: number; against: number; abstain: number };
    majorityRule: string;
  } | null;
}

/** One call's opening: its quorum, reached or not (a first call below quorum is deserted, G4). */
export type Opening = {
  call: 'first' | 'second';
  heldOn: string;
  place?: string;
  votesPresent: number;
  totalVotes: number;
  quorumRequired: number;
  quorumReached: boolean;
  financingWeight?: number;
};

/** What an assembly's document says besides its motions, attendance and votes. */
type AssemblyFields = {
  kind: 'ordinary' | 'extraordinary';
  firstCall: { date: string; place: string };
  secondCall: { date: string; place: string } | null;
  agenda: string[];
  noticeSentOn: string;
  proxies: Array<{ grantor: string; holder: string }>;
  /** The call the assembly was held on (the last opened). */
  opening: Opening | null;
  /** Every call opened, in order: a deserted first call, then the second (G4, c.c. art. 2369). */
  openings: Opening[];
  closedOn: string | null;
  /** The signatories sealed (personal data): opened by the readers, `dati cancellati` once erased. */
  minutes: { signatories: Signatories; minutesSha256: string; approvedAt: string } | null;
};

/** An assembly as stored: everything but its attendance and votes, which have documents of their own. */
interface AssemblyRow extends Doc, AssemblyFields {
  motions: Motion[];
}

/** An assembly whole, as the books and trails read it ({@link readAssemblies}). */
export interface AssemblyDoc extends Doc, AssemblyFields {
  /** `call`: the call the member attended (null before any call is opened). */
  attendance: Array<{ memberId: string; hasVote: boolean; call: 'first' | 'second' | null }>;
  motions: Array<Motion & { votes: Array<{ memberId: string; castBy: string; byProxy: boolean; vote: string; weight: number }> }>;
}

/** Who attended, one document each: an assembly of thousands is not one document rewritten per arrival. */
export interface AttendanceDoc extends Doc {
  assemblyId: string;
  memberId: string;
  hasVote: boolean;
  /** Recorded after the first call was deserted: present at the second call. */
  secondCall?: boolean;
  /** The `$all` position it was recorded at: the order of the minutes. */
  at: Position;
}

/** Each vote, one document each, for the same reason. */
export interface VoteDoc extends Doc {
  assemblyId: string;
  motionId: string;
  memberId: string;
  castBy: string;
  byProxy: boolean;
  vote: string;
  weight: number;
  at: Position;
}

/**
 * The book of the assemblies' meetings and resolutions (libro delle adunanze e delle
 * deliberazioni delle assemblee, c.c. art. 2421 c. 1 n. 3): per assembly everything the
 * minutes must state (c.c. art. 2375), read whole with {@link readAssemblies}.
 */
export const assemblyBookProjector: Projector = {
  name: ASSEMBLY_BOOK,
  version: 3,
  eventTypes: [
    'AssemblyConvened',
    'ProxyGranted',
    'AttendanceRecorded',
    'AssemblyOpened',
    'MotionPut',
    'VoteCast',
    'ResolutionAdopted',
    'ResolutionRejected',
    'AssemblyClosed',
    'MinutesApproved',
  ],
  async apply(recorded: RecordedEvent, context) {
    const book = context.collection<AssemblyRow>('assemblies');
    const event = recorded as unknown as AssemblyEvent;
    const id = { _id: event.data.assemblyId };
    switch (event.type) {
      case 'AssemblyConvened': {
        const { assemblyId, ...convened } = event.data;
        await book.replaceOne(
          id,
          { _id: assemblyId, ...convened, proxies: [], opening: null, openings: [], motions: [], closedOn: null, minutes: null },
          { upsert: true },
        );
        return;
      }
      case 'ProxyGranted':
        await book.updateOne(id, { $push: { proxies: { grantor: event.data.grantor, holder: event.data.holder } } });
        return;
      case 'AttendanceRecorded': {
        const { assemblyId, memberId, hasVote } = event.data;
        const deserted = (await book.findOne(id))?.openings?.some((o) => o.call === 'first' && !o.quorumReached) ?? false;
        const _id = deserted ? `${assemblyId}|${memberId}|second` : `${assemblyId}|${memberId}`;
        await context
          .collection<AttendanceDoc>('attendance')
          .replaceOne(
            { _id },
            { _id, assemblyId, memberId, hasVote, ...(deserted ? { secondCall: true } : {}), at: recorded.position },
            { upsert: true },
          );
        return;
      }
      case 'AssemblyOpened': {
        const { assemblyId: _, ...opening } = event.data;
        await book.updateOne(id, { $set: { opening }, $push: { openings: opening } });
        return;
      }
      case 'MotionPut':
        await book.updateOne(id, {
          $push: { motions: { motionId: event.data.motionId, item: event.data.item, text: event.data.text, outcome: null } },
        });
        return;
      case 'VoteCast': {
        const { assemblyId, motionId, memberId, castBy, byProxy, vote, weight } = event.data;
        const _id = `${assemblyId}|${motionId}|${memberId}`;
        await context
          .collection<VoteDoc>('votes')
          .replaceOne(
            { _id },
            { _id, assemblyId, motionId, memberId, castBy, byProxy, vote, weight, at: recorded.position },
            { upsert: true },
          );
        return;
      }
      case 'ResolutionAdopted':
      case 'ResolutionRejected': {
        const doc = await book.findOne(id);
        if (!doc) return;
        const { resolutionId, tally, majorityRule } = event.data;
        const outcome = { adopted: event.type === 'ResolutionAdopted', resolutionId, tally, majorityRule };
        const motions = doc.motions.map((m) => (m.motionId === event.data.motionId ? { ...m, outcome } : m));
        await book.updateOne(id, { $set: { motions } });
        return;
      }
      case 'AssemblyClosed':
        await book.updateOne(id, { $set: { closedOn: event.data.closedOn } });
        return;
      case 'MinutesApproved': {
        const { signatories, minutesSha256 } = event.data;
        await book.updateOne(id, {
          $set: { minutes: { signatories, minutesSha256, approvedAt: recorded.metadata.recordedAt } },
        });
        return;
      }
    }
  },
};

/** Where the book's collections are read from: the live projection, or an auditor's scratch replay. */
export type BookCollections = <T extends Doc>(name: string) => Promise<ReadCollection<T>>;

/** The assemblies (all, or those a filter names) whole: each with its attendance and its motions' votes, in recorded order. */
export async function readAssemblies(collections: BookCollections, filter: Filter = {}): Promise<AssemblyDoc[]> {
  const rows = await (await collections<AssemblyRow>('assemblies')).find(filter, { sort: { 'firstCall.date': 1, _id: 1 } });
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r._id);
  const byPosition = (a: { at: Position }, b: { at: Position }) => comparePositions(a.at, b.at);
  const attendance = (await (await collections<AttendanceDoc>('attendance')).find({ assemblyId: { $in: ids } })).sort(byPosition);
  const votes = (await (await collections<VoteDoc>('votes')).find({ assemblyId: { $in: ids } })).sort(byPosition);
  return rows.map((row) => ({
    ...row,
    attendance: attendance
      .filter((a) => a.assemblyId === row._id)
      .map(({ memberId, hasVote, secondCall }) => ({
        memberId,
        hasVote,
        call: secondCall ? ('second' as const) : (row.openings?.[0]?.call ?? null),
      })),
    motions: row.motions.map((motion) => ({
      ...motion,
      votes: votes
        .filter((v) => v.assemblyId === row._id && v.motionId === motion.motionId)
        .map(({ memberId, castBy, byProxy, vote, weight }) => ({ memberId, castBy, byProxy, vote, weight })),
    })),
  }));
}
