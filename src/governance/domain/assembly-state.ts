import type { AssemblyDecision, AssemblyEvent } from './assembly-events.js';

/** An assembly's state, folded from its own stream: what the decider of its commands reads (G1 to G5). */
export interface Assembly {
  /** `deserted`: the first call did not reach its quorum; the assembly awaits its second call (G4). */
  status: 'none' | 'convened' | 'deserted' | 'opened' | 'closed';
  kind: 'ordinary' | 'extraordinary';
  firstCall: string;
  secondCall: string | null;
  secondCallPlace: string | null;
  agenda: string[];
  proxies: Map<string, string>;
  present: Set<string>;
  quorumReached: boolean;
  financingWeight: number;
  heldOn: string | null;
  remoteVoting: boolean;
  motionTexts: string[] | null;
  motions: Map<
    string,
    {
      item: number;
      voted: Set<string>;
      tally: { for: number; against: number; abstain: number };
      resolved: boolean;
      text: string;
      decides: AssemblyDecision[];
    }
  >;
  minutesApproved: boolean;
}

export const emptyAssembly = (): Assembly => ({
  status: 'none',
  kind: 'ordinary',
  firstCall: '',
  secondCall: null,
  secondCallPlace: null,
  agenda: [],
  proxies: new Map(),
  present: new Set(),
  quorumReached: false,
  financingWeight: 1,
  heldOn: null,
  remoteVoting: false,
  motionTexts: null,
  motions: new Map(),
  minutesApproved: false,
});

/** Folds one of the assembly's events into its state. */
export function evolveAssembly(state: Assembly, event: AssemblyEvent): Assembly {
  switch (event.type) {
    case 'AssemblyConvened':
      return {
        ...state,
        status: 'convened',
        kind: event.data.kind,
        firstCall: event.data.firstCall.date,
        secondCall: event.data.secondCall?.date ?? null,
        secondCallPlace: event.data.secondCall?.place ?? null,
        agenda: event.data.agenda,
        remoteVoting: event.data.remoteVoting ?? false,
        motionTexts: event.data.motionTexts ?? null,
      };
    case 'ProxyGranted':
      state.proxies.set(event.data.grantor, event.data.holder);
      return state;
    case 'AttendanceRecorded':
      state.present.add(event.data.memberId);
      return state;
    case 'AssemblyOpened':
      // G4: a first call below its quorum is deserted; those present at the second call are recorded anew.
      if (event.data.call === 'first' && !event.data.quorumReached)
        return { ...state, status: 'deserted', present: new Set(), quorumReached: false };
      return {
        ...state,
        status: 'opened',
        quorumReached: event.data.quorumReached,
        financingWeight: event.data.financingWeight,
        heldOn: event.data.heldOn,
      };
    case 'MotionPut':
      state.motions.set(event.data.motionId, {
        item: event.data.item,
        voted: new Set(),
        tally: { for: 0, against: 0, abstain: 0 },
        resolved: false,
        text: event.data.text,
        decides: event.data.decides ?? [],
      });
      return state;
    case 'VoteCast': {
      const motion = state.motions.get(event.data.motionId);
      if (motion) {
        motion.voted.add(event.data.memberId);
        motion.tally[event.data.vote] += event.data.weight;
      }
      return state;
    }
    case 'ResolutionAdopted':
    case 'ResolutionRejected': {
      const motion = state.motions.get(event.data.motionId);
      if (motion) motion.resolved = true;
      return state;
    }
    case 'AssemblyClosed':
      return { ...state, status: 'closed' };
    case 'MinutesApproved':
      return { ...state, minutesApproved: true };
  }
}
