import { defineProjector, type EventMapOf, type EventOf } from '../../platform/projections/define-projector.js';
import type { ProjectionContext } from '../../platform/projections/projector.js';
import type { Doc, Filter, ReadCollection } from '../../platform/read-models/read-model-store.js';
import { comparePositions, type Position } from '../../platform/event-store/position.js';
import type { assemblyEvents } from '../domain/assembly-events.js';
import type { Signatories } from '../domain/governance-events.js';

export const ASSEMBLY_BOOK = 'assembly-book';

type AssemblyEvents = EventMapOf<typeof assemblyEvents>;

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
export const assemblyBookProjector = defineProjector<AssemblyEvents>({
  name: ASSEMBLY_BOOK,
  version: 3,
  on: {
    async AssemblyConvened({ data }, context) {
      const { assemblyId, ...convened } = data;
      await book(context).replaceOne(
        { _id: assemblyId },
        { _id: assemblyId, ...convened, proxies: [], opening: null, openings: [], motions: [], closedOn: null, minutes: null },
        { upsert: true },
      );
    },
    async ProxyGranted({ data }, context) {
      await book(context).updateOne(
        { _id: data.assemblyId },
        { $push: { proxies: { grantor: data.grantor, holder: data.holder } } },
      );
    },
    async AttendanceRecorded({ data, position }, context) {
      const { assemblyId, memberId, hasVote } = data;
      const deserted =
        (await book(context).findOne({ _id: assemblyId }))?.openings?.some((o) => o.call === 'first' && !o.quorumReached) ??
        false;
      const _id = deserted ? `${assemblyId}|${memberId}|second` : `${assemblyId}|${memberId}`;
      await context
        .collection<AttendanceDoc>('attendance')
        .put({ _id, assemblyId, memberId, hasVote, ...(deserted ? { secondCall: true } : {}), at: position });
    },
    async AssemblyOpened({ data }, context) {
      const { assemblyId, ...opening } = data;
      await book(context).updateOne({ _id: assemblyId }, { $set: { opening }, $push: { openings: opening } });
    },
    async MotionPut({ data }, context) {
      await book(context).updateOne(
        { _id: data.assemblyId },
        { $push: { motions: { motionId: data.motionId, item: data.item, text: data.text, outcome: null } } },
      );
    },
    async VoteCast({ data, position }, context) {
      const { assemblyId, motionId, memberId, castBy, byProxy, vote, weight } = data;
      const _id = `${assemblyId}|${motionId}|${memberId}`;
      await context
        .collection<VoteDoc>('votes')
        .put({ _id, assemblyId, motionId, memberId, castBy, byProxy, vote, weight, at: position });
    },
    ResolutionAdopted: outcome,
    ResolutionRejected: outcome,
    async AssemblyClosed({ data }, context) {
      await book(context).updateOne({ _id: data.assemblyId }, { $set: { closedOn: data.closedOn } });
    },
    async MinutesApproved({ data, metadata }, context) {
      const { signatories, minutesSha256 } = data;
      await book(context).updateOne(
        { _id: data.assemblyId },
        { $set: { minutes: { signatories, minutesSha256, approvedAt: metadata.recordedAt } } },
      );
    },
  },
});

/** The assemblies' rows of the book. */
const book = (context: ProjectionContext) => context.collection<AssemblyRow>('assemblies');

/** A motion's outcome, adopted or rejected, with its tally and the majority it needed. */
async function outcome(
  { type, data }: EventOf<AssemblyEvents, 'ResolutionAdopted' | 'ResolutionRejected'>,
  context: ProjectionContext,
): Promise<void> {
  const doc = await book(context).findOne({ _id: data.assemblyId });
  if (!doc) return;
  const { resolutionId, tally, majorityRule } = data;
  const outcome = { adopted: type === 'ResolutionAdopted', resolutionId, tally, majorityRule };
  const motions = doc.motions.map((m) => (m.motionId === data.motionId ? { ...m, outcome } : m));
  await book(context).updateOne({ _id: data.assemblyId }, { $set: { motions } });
}

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
