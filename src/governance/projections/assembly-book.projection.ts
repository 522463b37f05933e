import type { RecordedEvent } from '../../platform/event-store/event-store.js';
import type { Projector } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { AssemblyEvent } from '../domain/assembly-events.js';

export const ASSEMBLY_BOOK = 'assembly-book';

export interface AssemblyDoc extends Doc {
  kind: 'ordinary' | 'extraordinary';
  firstCall: { date: string; place: string };
  secondCall: { date: string; place: string } | null;
  agenda: string[];
  noticeSentOn: string;
  proxies: Array<{ grantor: string; holder: string }>;
  attendance: Array<{ memberId: string; hasVote: boolean }>;
  opening: {
    call: 'first' | 'second';
    heldOn: string;
    votesPresent: number;
    totalVotes: number;
    quorumRequired: number;
    quorumReached: boolean;
  } | null;
  motions: Array<{
    motionId: string;
    item: number;
    text: string;
    votes: Array<{ memberId: string; castBy: string; byProxy: boolean; vote: string; weight: number }>;
    outcome: {
      adopted: boolean;
      resolutionId: string;
      tally: { for: number; against: number; abstain: number };
      majorityRule: string;
    } | null;
  }>;
  closedOn: string | null;
  minutes: { president: string; secretary: string; minutesSha256: string; approvedAt: string } | null;
}

/**
 * The book of the assemblies' meetings and resolutions (libro delle adunanze e delle
 * deliberazioni delle assemblee, c.c. art. 2421 c. 1 n. 3): one document per assembly with
 * everything the minutes must state (c.c. art. 2375).
 */
export const assemblyBookProjector: Projector = {
  name: ASSEMBLY_BOOK,
  version: 1,
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
    const book = context.collection<AssemblyDoc>('assemblies');
    const event = recorded as unknown as AssemblyEvent;
    const id = { _id: event.data.assemblyId };
    switch (event.type) {
      case 'AssemblyConvened': {
        const { assemblyId, ...convened } = event.data;
        await book.replaceOne(
          id,
          {
            _id: assemblyId,
            ...convened,
            proxies: [],
            attendance: [],
            opening: null,
            motions: [],
            closedOn: null,
            minutes: null,
          },
          { upsert: true },
        );
        return;
      }
      case 'ProxyGranted':
        await book.updateOne(id, { $push: { proxies: { grantor: event.data.grantor, holder: event.data.holder } } });
        return;
      case 'AttendanceRecorded':
        await book.updateOne(id, { $push: { attendance: { memberId: event.data.memberId, hasVote: event.data.hasVote } } });
        return;
      case 'AssemblyOpened': {
        const { assemblyId: _, ...opening } = event.data;
        await book.updateOne(id, { $set: { opening } });
        return;
      }
      case 'MotionPut':
        await book.updateOne(id, {
          $push: {
            motions: { motionId: event.data.motionId, item: event.data.item, text: event.data.text, votes: [], outcome: null },
          },
        });
        return;
      case 'VoteCast':
      case 'ResolutionAdopted':
      case 'ResolutionRejected': {
        const doc = await book.findOne(id);
        if (!doc) return;
        const motions = doc.motions.map((motion) => {
          if (motion.motionId !== event.data.motionId) return motion;
          if (event.type === 'VoteCast') {
            const { memberId, castBy, byProxy, vote, weight } = event.data;
            return { ...motion, votes: [...motion.votes, { memberId, castBy, byProxy, vote, weight }] };
          }
          const { resolutionId, tally, majorityRule } = event.data;
          return { ...motion, outcome: { adopted: event.type === 'ResolutionAdopted', resolutionId, tally, majorityRule } };
        });
        await book.updateOne(id, { $set: { motions } });
        return;
      }
      case 'AssemblyClosed':
        await book.updateOne(id, { $set: { closedOn: event.data.closedOn } });
        return;
      case 'MinutesApproved': {
        const { president, secretary, minutesSha256 } = event.data;
        await book.updateOne(id, {
          $set: { minutes: { president, secretary, minutesSha256, approvedAt: recorded.metadata.recordedAt } },
        });
        return;
      }
    }
  },
};
