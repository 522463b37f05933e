import { createHash } from 'node:crypto';
import type { Decider } from '../../platform/commands/decider.js';
import { exhaustive } from '../../platform/commands/exhaustive.js';
import { businessDate } from '../../platform/clock.js';
import { daysBetween } from '../../platform/dates.js';
import { invalidField, refusal, stateConflict } from '../../platform/errors/domain-errors.js';
import type { AssemblyDecision, AssemblyEvent } from './assembly-events.js';
import type { Signatories } from './governance-events.js';
import { emptyAssembly, evolveAssembly, type Assembly } from './assembly-state.js';

export { emptyAssembly, type Assembly } from './assembly-state.js';

/** Who may vote on the assembly's date and with how many votes (G1, G2), from governance's member view. */
export type Voters = ReadonlyMap<string, number>;

export type AssemblyCommand =
  | {
      type: 'ConveneAssembly';
      assemblyId: string;
      kind: 'ordinary' | 'extraordinary';
      firstCall: { date: string; place: string };
      secondCall: { date: string; place: string } | null;
      agenda: string[];
      noticeSentOn: string;
      noticeDays: number;
      remoteVoting: boolean;
      motionTexts: string[] | null;
    }
  | {
      type: 'GrantProxy';
      assemblyId: string;
      grantor: string;
      holder: string;
      voters: Voters;
      directors: ReadonlySet<string>;
      proxyLimit: number;
    }
  | { type: 'RecordAttendance'; assemblyId: string; memberId: string; voters: Voters }
  | { type: 'OpenAssembly'; assemblyId: string; call: 'first' | 'second'; voters: Voters; financing: ReadonlySet<string> }
  | { type: 'PutMotion'; assemblyId: string; motionId: string; item: number; text: string; decides: AssemblyDecision[] }
  | {
      type: 'CastVote';
      assemblyId: string;
      motionId: string;
      memberId: string;
      vote: 'for' | 'against' | 'abstain';
      voters: Voters;
      financing: ReadonlySet<string>;
      remote: boolean;
    }
  | { type: 'DeclareResult'; assemblyId: string; motionId: string; resolutionId: string }
  | { type: 'CloseAssembly'; assemblyId: string; closedOn: string }
  | { type: 'ApproveMinutes'; assemblyId: string; signatories: Signatories; minutesText: string };

const G1 = 'c.c. art. 2538 c. 2';
const G2 = 'c.c. art. 2538 c. 1';
const G3 = 'c.c. art. 2539 c. 1; art. 2372';
const G4 = 'c.c. art. 2368, 2369; statute';
const SECOND_CALL = 'c.c. art. 2369 c. 1 (by art. 2519)';
const ATTENDANCE = 'c.c. art. 2372, 2375 c. 1';
const G5 = 'c.c. art. 2366; statute';
const REMOTE = 'c.c. art. 2538 c. 6';
const MAJORITY = 'majority of the votes cast, abstentions not counted (statute default)';

/** One assembly, in its own stream: notice, proxies, attendance, quorum, motions and votes, minutes. */
export const assemblyDecider: Decider<AssemblyCommand, Assembly, AssemblyEvent> = {
  initialState: emptyAssembly,
  evolve: evolveAssembly,
  decide(command, state, { now }) {
    const today = businessDate(now);
    switch (command.type) {
      case 'ConveneAssembly':
        return conveneAssembly(command, state, today);
      case 'GrantProxy':
        return grantProxy(command, state, today);
      case 'RecordAttendance':
        return recordAttendance(command, state, today);
      case 'OpenAssembly':
        return openAssembly(command, state, today);
      case 'PutMotion':
        return putMotion(command, state, today);
      case 'CastVote':
        return castVote(command, state, today);
      case 'DeclareResult':
        return declareResult(command, state, today);
      case 'CloseAssembly':
        return closeAssembly(command, state, today);
      case 'ApproveMinutes':
        return approveMinutes(command, state, today);
      default:
        return exhaustive(command);
    }
  },
};

function conveneAssembly(
  command: Extract<AssemblyCommand, { type: 'ConveneAssembly' }>,
  state: Assembly,
  today: string,
): AssemblyEvent[] {
  if (state.status !== 'none') throw stateConflict('ASSEMBLY_EXISTS', 'this assembly was already convened');
  if (command.noticeSentOn > today)
    throw invalidField('noticeSentOn', 'DATE_IN_FUTURE', 'the notice cannot be dated after today');
  // G5: convened at least the statute's notice days before the first call.
  if (daysBetween(command.noticeSentOn, command.firstCall.date) < command.noticeDays)
    throw refusal('G5', G5, `notice must be sent at least ${command.noticeDays} days before the first call`);
  if (command.secondCall && command.secondCall.date <= command.firstCall.date)
    throw invalidField('secondCall.date', 'DATE_ORDER', 'the second call follows the first');
  // G5: where remote votes are allowed, the notice carries the full text of each motion.
  if (command.remoteVoting && command.motionTexts?.length !== command.agenda.length)
    throw refusal('G5', REMOTE, 'with votes by post or remote means, the notice carries the full text of each motion');
  const { type: _, noticeDays: __, ...data } = command;
  return [{ type: 'AssemblyConvened', data }];
}

function grantProxy(command: Extract<AssemblyCommand, { type: 'GrantProxy' }>, state: Assembly, today: string): AssemblyEvent[] {
  // A proxy holds for the second call too (c.c. art. 2372 c. 2), so one may still be given after a deserted first call.
  if (state.status !== 'convened' && state.status !== 'deserted')
    throw stateConflict('ASSEMBLY_NOT_CONVENED', 'proxies are given before the assembly opens');
  // G3: only between members with a vote, never to a director, at most the statute's number per holder.
  if (!command.voters.has(command.grantor)) throw refusal('G3', G3, 'the grantor has no vote in this assembly');
  if (!command.voters.has(command.holder)) throw refusal('G3', G3, 'a proxy goes only to another member with a vote');
  if (command.grantor === command.holder) throw refusal('G3', G3, 'a member cannot hold their own proxy');
  if (command.directors.has(command.holder)) throw refusal('G3', G3, 'a director cannot hold proxies');
  if (state.proxies.has(command.grantor)) throw refusal('G3', G3, 'the grantor has already given a proxy');
  const held = [...state.proxies.values()].filter((holder) => holder === command.holder).length;
  if (held >= command.proxyLimit) throw refusal('G3', G3, `a member holds at most ${command.proxyLimit} proxies`);
  return [{ type: 'ProxyGranted', data: { assemblyId: command.assemblyId, grantor: command.grantor, holder: command.holder } }];
}

function recordAttendance(
  command: Extract<AssemblyCommand, { type: 'RecordAttendance' }>,
  state: Assembly,
  today: string,
): AssemblyEvent[] {
  if (state.status !== 'convened' && state.status !== 'deserted')
    throw stateConflict('ASSEMBLY_NOT_CONVENED', 'attendance is recorded before the opening');
  if (state.present.has(command.memberId)) throw stateConflict('ALREADY_PRESENT', 'already recorded as present');
  return [
    {
      type: 'AttendanceRecorded',
      data: { assemblyId: command.assemblyId, memberId: command.memberId, hasVote: command.voters.has(command.memberId) },
    },
  ];
}

function openAssembly(
  command: Extract<AssemblyCommand, { type: 'OpenAssembly' }>,
  state: Assembly,
  today: string,
): AssemblyEvent[] {
  // G4: a first call is opened once; after a deserted first call, the same assembly opens on its second call.
  if (state.status === 'deserted' && command.call === 'first')
    throw stateConflict('FIRST_CALL_DESERTED', 'the first call was recorded as deserted: open the second call');
  if (state.status !== 'convened' && state.status !== 'deserted')
    throw stateConflict('ASSEMBLY_ALREADY_OPEN', 'the assembly was already opened');
  const heldOn = command.call === 'first' ? state.firstCall : state.secondCall;
  if (!heldOn) throw refusal('G4', SECOND_CALL, 'the notice set no second call: a deserted assembly must be convened again');
  if (heldOn > today) throw invalidField('call', 'DATE_IN_FUTURE', `the ${command.call} call, on ${heldOn}, has not come yet`);
  const totalVotes = sum(command.voters.values());
  const present = [...command.voters].filter(([id]) => representedAt(state, id));
  const financingPresent = present.filter(([id]) => command.financing.has(id)).reduce((n, [, votes]) => n + votes, 0);
  const othersPresent = present.filter(([id]) => !command.financing.has(id)).reduce((n, [, votes]) => n + votes, 0);
  // G1: financing members together hold at most a third of the votes present (L. 59/1992 art. 4 c. 2).
  const financingWeight = financingPresent === 0 ? 1 : Math.min(1, othersPresent / 2 / financingPresent);
  const votesPresent = othersPresent + financingPresent * financingWeight;
  // G4 defaults: first call half of all votes; second call any number (a third, extraordinary).
  const quorumRequired =
    command.call === 'first' ? Math.ceil(totalVotes / 2) : state.kind === 'extraordinary' ? Math.ceil(totalVotes / 3) : 1;
  return [
    {
      type: 'AssemblyOpened',
      data: {
        assemblyId: command.assemblyId,
        call: command.call,
        heldOn,
        ...(command.call === 'second' && state.secondCallPlace ? { place: state.secondCallPlace } : {}),
        votesPresent: Math.floor(votesPresent),
        totalVotes,
        quorumRequired,
        quorumReached: votesPresent >= quorumRequired,
        financingWeight,
      },
    },
  ];
}

function putMotion(command: Extract<AssemblyCommand, { type: 'PutMotion' }>, state: Assembly, today: string): AssemblyEvent[] {
  opened(state);
  // G5: nothing off the agenda.
  if (command.item < 1 || command.item > state.agenda.length)
    throw refusal('G5', G5, `item ${command.item} is not on the agenda (1–${state.agenda.length})`);
  if (state.motions.has(command.motionId)) throw stateConflict('MOTION_EXISTS', 'this motion was already put');
  const { type: _, ...data } = command;
  return [{ type: 'MotionPut', data }];
}

function castVote(command: Extract<AssemblyCommand, { type: 'CastVote' }>, state: Assembly, today: string): AssemblyEvent[] {
  opened(state);
  // G4: below quorum the assembly cannot adopt anything.
  if (!state.quorumReached) throw refusal('G4', G4, 'the assembly did not reach its quorum and cannot vote');
  const motion = state.motions.get(command.motionId);
  if (!motion || motion.resolved) throw stateConflict('NO_OPEN_MOTION', 'there is no open motion with this id');
  const weight = command.voters.get(command.memberId);
  // G2: only members in the register for 90 days vote.
  if (weight === undefined)
    throw refusal('G2', G2, 'the member has no vote in this assembly (in the register for less than 90 days, or not a member)');
  if (command.remote) {
    if (!state.remoteVoting) throw refusal('G5', REMOTE, 'the statute does not allow votes by post or remote means');
    if (state.motionTexts?.[motion.item - 1] !== motion.text)
      throw refusal('G5', REMOTE, 'the motion is not the text the notice carried: a remote vote cannot count for it');
  } else if (!representedAt(state, command.memberId))
    throw refusal('NOT_PRESENT', ATTENDANCE, 'the member is neither present nor represented by a present proxy holder');
  // G1: one member, one vote.
  if (motion.voted.has(command.memberId)) throw refusal('G1', G1, 'the member has already voted on this motion');
  const byProxy = !command.remote && !state.present.has(command.memberId);
  const counted = command.financing.has(command.memberId) ? weight * state.financingWeight : weight;
  if (counted <= 0)
    throw refusal('G1', 'L. 59/1992 art. 4 c. 2', 'with no other member present, financing members’ votes cannot count');
  const castBy = byProxy ? state.proxies.get(command.memberId)! : command.memberId;
  return [
    {
      type: 'VoteCast',
      data: {
        assemblyId: command.assemblyId,
        motionId: command.motionId,
        memberId: command.memberId,
        castBy,
        byProxy,
        remote: command.remote,
        vote: command.vote,
        weight: counted,
      },
    },
  ];
}

function declareResult(
  command: Extract<AssemblyCommand, { type: 'DeclareResult' }>,
  state: Assembly,
  today: string,
): AssemblyEvent[] {
  opened(state);
  const motion = state.motions.get(command.motionId);
  if (!motion || motion.resolved) throw stateConflict('NO_OPEN_MOTION', 'there is no open motion with this id');
  const tally = { ...motion.tally };
  const adopted = state.quorumReached && tally.for > tally.against;
  const data = {
    assemblyId: command.assemblyId,
    motionId: command.motionId,
    resolutionId: command.resolutionId,
    tally,
    majorityRule: MAJORITY,
    decidedOn: state.heldOn!,
    decides: motion.decides,
  };
  return [adopted ? { type: 'ResolutionAdopted', data } : { type: 'ResolutionRejected', data }];
}

function closeAssembly(
  command: Extract<AssemblyCommand, { type: 'CloseAssembly' }>,
  state: Assembly,
  today: string,
): AssemblyEvent[] {
  // A deserted assembly with no second call to come is closed as such.
  if (state.status !== 'deserted') opened(state);
  return [{ type: 'AssemblyClosed', data: { assemblyId: command.assemblyId, closedOn: command.closedOn } }];
}

function approveMinutes(
  command: Extract<AssemblyCommand, { type: 'ApproveMinutes' }>,
  state: Assembly,
  today: string,
): AssemblyEvent[] {
  if (state.status !== 'closed') throw stateConflict('ASSEMBLY_NOT_CLOSED', 'minutes are approved after the assembly closes');
  if (state.minutesApproved) throw stateConflict('MINUTES_APPROVED', 'the minutes were already approved');
  const minutesSha256 = createHash('sha256').update(command.minutesText).digest('hex');
  return [
    {
      type: 'MinutesApproved',
      data: { assemblyId: command.assemblyId, signatories: command.signatories, minutesSha256 },
    },
  ];
}

function opened(state: Assembly): void {
  if (state.status === 'deserted')
    throw refusal(
      'G4',
      SECOND_CALL,
      'the first call was deserted: nothing is decided until the assembly opens on its second call',
    );
  if (state.status !== 'opened') throw stateConflict('ASSEMBLY_NOT_OPEN', 'the assembly is not open');
}

/** Present in person, or through a proxy holder who is present. */
function representedAt(state: Assembly, memberId: string): boolean {
  if (state.present.has(memberId)) return true;
  const holder = state.proxies.get(memberId);
  return holder !== undefined && state.present.has(holder);
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
