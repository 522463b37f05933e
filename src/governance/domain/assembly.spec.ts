import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { given } from '../../../test/support/decider-spec.js';
import { assemblyDecider, type AssemblyCommand } from './assembly.js';
import type { AssemblyEvent } from './assembly-events.js';
import { expectConflict, expectInvalidField } from '../../../test/support/governance-errors.js';

const assemblyId = 'aa000000-0000-4000-8000-000000000001';
const m = (n: number) => `b0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
/** Twenty members with one vote each. */
const voters = new Map(Array.from({ length: 20 }, (_, i) => [m(i + 1), 1]));
const directors = new Set([m(1)]);
const convened: AssemblyEvent = {
  type: 'AssemblyConvened',
  data: {
    assemblyId,
    kind: 'ordinary',
    firstCall: { date: '2026-02-27', place: 'sede' },
    secondCall: { date: '2026-02-28', place: 'sede' },
    agenda: ['financial statements', 'board election'],
    noticeSentOn: '2026-02-10',
    remoteVoting: false,
    motionTexts: null,
  },
};
const present = (...ns: number[]): AssemblyEvent[] =>
  ns.map((n) => ({ type: 'AttendanceRecorded', data: { assemblyId, memberId: m(n), hasVote: true } }));
const proxy = (grantor: number, holder: number): AssemblyEvent => ({
  type: 'ProxyGranted',
  data: { assemblyId, grantor: m(grantor), holder: m(holder) },
});
const none = new Set<string>();
const signatories = {
  president: { subject: 'minutes-president', scheme: 'none' as const, fields: { name: 'Rossi' } },
  secretary: { subject: 'minutes-secretary', scheme: 'none' as const, fields: { name: 'Bianchi' } },
};
const open = (call: 'first' | 'second', financing: ReadonlySet<string> = none): AssemblyCommand => ({
  type: 'OpenAssembly',
  assemblyId,
  call,
  voters,
  financing,
});
const opened = (reached: boolean): AssemblyEvent => ({
  type: 'AssemblyOpened',
  data: {
    assemblyId,
    call: 'first',
    heldOn: '2026-02-27',
    votesPresent: reached ? 12 : 3,
    totalVotes: 20,
    quorumRequired: 10,
    quorumReached: reached,
    financingWeight: 1,
  },
});
const motion: AssemblyEvent = {
  type: 'MotionPut',
  data: { assemblyId, motionId: 'm1', item: 1, text: 'approve the statements', decides: [] },
};
const vote = (n: number, voterSet = voters, financing: ReadonlySet<string> = none): AssemblyCommand => ({
  type: 'CastVote',
  assemblyId,
  motionId: 'm1',
  memberId: m(n),
  vote: 'for',
  voters: voterSet,
  financing,
  remote: false,
});

describe('G5: convening and agenda', () => {
  const convene = (noticeSentOn: string): AssemblyCommand =>
    ({ type: 'ConveneAssembly', ...convened.data, noticeSentOn, noticeDays: 8 }) as AssemblyCommand;
  it('convenes with at least the statute’s notice', () =>
    expect(given(assemblyDecider).when(convene('2026-02-19')).events()).toHaveLength(1));
  it('G5 refuses a notice shorter than the statute’s days', () =>
    given(assemblyDecider).when(convene('2026-02-20')).thenRefuses('G5'));
  it('G5 refuses a motion off the agenda', () =>
    given(assemblyDecider, [convened, ...present(2), opened(true)])
      .when({ type: 'PutMotion', assemblyId, motionId: 'm9', item: 3, text: 'other business', decides: [] })
      .thenRefuses('G5'));
});

describe('G3: proxies', () => {
  const grant = (grantor: number, holder: number): AssemblyCommand => ({
    type: 'GrantProxy',
    assemblyId,
    grantor: m(grantor),
    holder: m(holder),
    voters,
    directors,
    proxyLimit: 10,
  });
  it('records a proxy between members with a vote', () =>
    expect(given(assemblyDecider, [convened]).when(grant(3, 2)).events()).toHaveLength(1));
  it('G3 refuses the 11th proxy to one holder', () =>
    given(assemblyDecider, [convened, ...Array.from({ length: 10 }, (_, i) => proxy(i + 3, 2))])
      .when(grant(13, 2))
      .thenRefuses('G3', 'c.c. art. 2539 c. 1; art. 2372'));
  it('G3 refuses a proxy to a director', () => given(assemblyDecider, [convened]).when(grant(3, 1)).thenRefuses('G3'));
  it('G3 refuses a proxy from or to a member without a vote', () => {
    given(assemblyDecider, [convened])
      .when({ ...grant(3, 2), grantor: m(99) } as AssemblyCommand)
      .thenRefuses('G3');
    given(assemblyDecider, [convened])
      .when({ ...grant(3, 2), holder: m(99) } as AssemblyCommand)
      .thenRefuses('G3');
  });
});

describe('G4: quorum', () => {
  it('G4 a first call below half of the votes opens without quorum and cannot vote', () => {
    const [event] = given(assemblyDecider, [convened, ...present(2, 3, 4)])
      .when(open('first'))
      .events();
    expect(event).toMatchObject({ data: { quorumReached: false, votesPresent: 3, quorumRequired: 10 } });
    given(assemblyDecider, [convened, ...present(2, 3, 4), opened(false), motion])
      .when(vote(2))
      .thenRefuses('G4');
  });
  it('G4 the second call reaches quorum with any number, and can adopt', () => {
    const [event] = given(assemblyDecider, [convened, ...present(2, 3, 4)])
      .when(open('second'), new Date('2026-03-01T10:00:00Z'))
      .events();
    expect(event).toMatchObject({ data: { call: 'second', quorumReached: true, heldOn: '2026-02-28' } });
    expect(
      given(assemblyDecider, [convened, ...present(2, 3, 4), event!, motion])
        .when(vote(2))
        .events(),
    ).toHaveLength(1);
  });
  it('G1 caps the financing members at a third of the votes present', () => {
    const financing = new Set([m(10), m(11), m(12), m(13)]);
    const [event] = given(assemblyDecider, [convened, ...present(2, 3, 4, 5, 10, 11, 12, 13)])
      .when(open('second', financing), new Date('2026-03-01T10:00:00Z'))
      .events();
    // 4 others and 4 financing present: the financing votes count 2 in all, each 0.5.
    expect(event).toMatchObject({ data: { financingWeight: 0.5, votesPresent: 6 } });
    const history = [convened, ...present(2, 3, 4, 5, 10, 11, 12, 13), event!, motion];
    expect(
      given(assemblyDecider, history)
        .when(vote(10, voters, financing))
        .events()[0],
    ).toMatchObject({ data: { weight: 0.5 } });
  });

  it('G1 financing members alone count no vote, so the assembly has no quorum (G4)', () => {
    const financing = new Set([m(10)]);
    const now = new Date('2026-03-01T10:00:00Z');
    const [event] = given(assemblyDecider, [convened, ...present(10)])
      .when(open('second', financing), now)
      .events();
    given(assemblyDecider, [convened, ...present(10), event!, motion])
      .when(vote(10, voters, financing), now)
      .thenRefuses('G4');
  });

  it('counts members represented by a present proxy holder', () => {
    const [event] = given(assemblyDecider, [convened, proxy(5, 2), proxy(6, 2), ...present(2)])
      .when(open('first'))
      .events();
    expect(event).toMatchObject({ data: { votesPresent: 3 } });
  });
});

describe('G1 and G2: who votes, once', () => {
  const history = [convened, proxy(5, 2), ...present(2, 3), opened(true), motion];
  it('records a vote in person and one by proxy, linked to the holder', () => {
    expect(given(assemblyDecider, history).when(vote(3)).events()[0]).toMatchObject({
      data: { memberId: m(3), castBy: m(3), byProxy: false, weight: 1 },
    });
    expect(given(assemblyDecider, history).when(vote(5)).events()[0]).toMatchObject({
      data: { memberId: m(5), castBy: m(2), byProxy: true },
    });
  });
  it('G1 refuses a second vote of the same member', () =>
    given(assemblyDecider, [
      ...history,
      {
        type: 'VoteCast',
        data: { assemblyId, motionId: 'm1', memberId: m(3), castBy: m(3), byProxy: false, vote: 'for', weight: 1 },
      },
    ])
      .when(vote(3))
      .thenRefuses('G1', 'c.c. art. 2538 c. 2'));
  it('G2 refuses the vote of a member without a vote on the assembly date', () => {
    const without3 = new Map(voters);
    without3.delete(m(3));
    given(assemblyDecider, history).when(vote(3, without3)).thenRefuses('G2', 'c.c. art. 2538 c. 1');
  });
});

describe('results and minutes', () => {
  it('adopts by the majority of the votes cast and fixes the minutes by their hash', () => {
    const votes: AssemblyEvent[] = [2, 3, 4].map((n, i) => ({
      type: 'VoteCast',
      data: {
        assemblyId,
        motionId: 'm1',
        memberId: m(n),
        castBy: m(n),
        byProxy: false,
        remote: false,
        vote: i < 2 ? 'for' : 'against',
        weight: 1,
      },
    }));
    const history = [convened, ...present(2, 3, 4), opened(true), motion, ...votes];
    expect(
      given(assemblyDecider, history)
        .when({ type: 'DeclareResult', assemblyId, motionId: 'm1', resolutionId: 'ass-2026-1-1' })
        .events()[0],
    ).toMatchObject({
      type: 'ResolutionAdopted',
      data: { tally: { for: 2, against: 1, abstain: 0 } },
    });
    const closed: AssemblyEvent = { type: 'AssemblyClosed', data: { assemblyId, closedOn: '2026-02-27' } };
    expect(
      given(assemblyDecider, [...history, closed])
        .when({ type: 'ApproveMinutes', assemblyId, signatories, minutesText: 'Verbale…' })
        .events()[0],
    ).toMatchObject({
      data: { signatories, minutesSha256: createHash('sha256').update('Verbale…').digest('hex') },
    });
  });
});

describe('G5: votes by post or remote means', () => {
  const text = 'approve the statements';
  const remoteConvened: AssemblyEvent = {
    type: 'AssemblyConvened',
    data: {
      ...(convened.data as Extract<AssemblyEvent, { type: 'AssemblyConvened' }>['data']),
      remoteVoting: true,
      motionTexts: [text, 'elect the board'],
    },
  };
  const remoteVote = (n: number): AssemblyCommand => ({
    ...(vote(n) as Extract<AssemblyCommand, { type: 'CastVote' }>),
    remote: true,
  });

  it('G5 refuses a notice without the full text of each motion where remote votes are allowed', () =>
    given(assemblyDecider)
      .when({
        type: 'ConveneAssembly',
        ...remoteConvened.data,
        motionTexts: null,
        noticeDays: 8,
        remoteVoting: true,
      } as AssemblyCommand)
      .thenRefuses('G5', 'c.c. art. 2538 c. 6'));

  it('records a remote vote as such, on the motion the notice carried', () =>
    expect(
      given(assemblyDecider, [remoteConvened, ...present(2), opened(true), motion])
        .when(remoteVote(7))
        .events()[0],
    ).toMatchObject({
      data: { memberId: m(7), remote: true, byProxy: false },
    }));

  it('G5 refuses a remote vote the statute does not allow', () =>
    given(assemblyDecider, [convened, ...present(2), opened(true), motion])
      .when(remoteVote(7))
      .thenRefuses('G5'));

  it('G5 refuses a remote vote on a motion that is not the text of the notice', () => {
    const amended: AssemblyEvent = {
      type: 'MotionPut',
      data: { assemblyId, motionId: 'm1', item: 1, text: 'approve the statements, amended', decides: [] },
    };
    given(assemblyDecider, [remoteConvened, ...present(2), opened(true), amended])
      .when(remoteVote(7))
      .thenRefuses('G5');
  });
});

describe('G4 (second call): a deserted first call (c.c. art. 2369 by art. 2519)', () => {
  const onSecondCall = new Date('2026-02-28T18:00:00Z');
  const deserted = [convened, ...present(2, 3, 4), opened(false)];

  it('G4 after a deserted first call, the same assembly opens on its second call, date and place from the notice, with its quorum', () =>
    given(assemblyDecider, [...deserted, ...present(2, 5)])
      .when(open('second'), onSecondCall)
      .then([
        {
          type: 'AssemblyOpened',
          data: {
            assemblyId,
            call: 'second',
            heldOn: '2026-02-28',
            place: 'sede',
            // Only those present at the second call count: the first call's attendance does not carry over.
            votesPresent: 2,
            totalVotes: 20,
            quorumRequired: 1,
            quorumReached: true,
            financingWeight: 1,
          },
        },
      ]));

  it('G4 a proxy given for the assembly counts at its second call', () => {
    const [event] = given(assemblyDecider, [...deserted, proxy(6, 2), ...present(2)])
      .when(open('second'), onSecondCall)
      .events();
    expect(event).toMatchObject({ data: { call: 'second', votesPresent: 2 } });
  });

  it('G4 the second call of an extraordinary assembly needs a third of the votes', () => {
    const extraordinary: AssemblyEvent = {
      ...convened,
      data: { ...(convened.data as Extract<AssemblyEvent, { type: 'AssemblyConvened' }>['data']), kind: 'extraordinary' },
    } as AssemblyEvent;
    const [event] = given(assemblyDecider, [extraordinary, opened(false), ...present(2, 3)])
      .when(open('second'), onSecondCall)
      .events();
    expect(event).toMatchObject({ data: { quorumRequired: 7, quorumReached: false } });
  });

  it('G4 nothing is put or decided while the first call is deserted', () =>
    given(assemblyDecider, deserted)
      .when({ type: 'PutMotion', assemblyId, motionId: 'm1', item: 1, text: 'approve the statements', decides: [] })
      .thenRefuses('G4', 'c.c. art. 2369 c. 1 (by art. 2519)'));

  it('G4 a deserted first call without a second call in the notice: the assembly must be convened again', () => {
    const noSecond: AssemblyEvent = {
      ...convened,
      data: { ...(convened.data as Extract<AssemblyEvent, { type: 'AssemblyConvened' }>['data']), secondCall: null },
    } as AssemblyEvent;
    given(assemblyDecider, [noSecond, opened(false)])
      .when(open('second'), onSecondCall)
      .thenRefuses('G4', 'c.c. art. 2369 c. 1 (by art. 2519)');
    // …and it is closed as deserted.
    expect(
      given(assemblyDecider, [noSecond, opened(false)])
        .when({ type: 'CloseAssembly', assemblyId, closedOn: '2026-02-27' })
        .events(),
    ).toHaveLength(1);
  });

  it('the first call is not opened twice, nor an assembly already open', () => {
    expectConflict(() => given(assemblyDecider, deserted).when(open('first')).events(), 'FIRST_CALL_DESERTED');
    expectConflict(
      () =>
        given(assemblyDecider, [convened, opened(true)])
          .when(open('second'), onSecondCall)
          .events(),
      'ASSEMBLY_ALREADY_OPEN',
    );
  });

  it('a second call not yet come is the call field’s error (400)', () =>
    expectInvalidField(
      () => given(assemblyDecider, deserted).when(open('second'), new Date('2026-02-27T18:00:00Z')).events(),
      'call',
      'DATE_IN_FUTURE',
    ));
});

describe('errors that are not rules of law', () => {
  const convene = (noticeSentOn: string): AssemblyCommand =>
    ({ type: 'ConveneAssembly', ...convened.data, noticeSentOn, noticeDays: 8 }) as AssemblyCommand;

  it('NOT_PRESENT: a vote needs the member present, or represented by a present holder (c.c. art. 2372, 2375 c. 1)', () =>
    given(assemblyDecider, [convened, ...present(2), opened(true), motion])
      .when(vote(3))
      .thenRefuses('NOT_PRESENT', 'c.c. art. 2372, 2375 c. 1'));

  it('conflicts with the record are 409s with a stable code', () => {
    expectConflict(() => given(assemblyDecider, [convened]).when(convene('2026-02-10')).events(), 'ASSEMBLY_EXISTS');
    expectConflict(
      () =>
        given(assemblyDecider, [convened, ...present(2)])
          .when({ type: 'RecordAttendance', assemblyId, memberId: m(2), voters })
          .events(),
      'ALREADY_PRESENT',
    );
    expectConflict(
      () =>
        given(assemblyDecider, [convened, ...present(2), opened(true)])
          .when({ type: 'RecordAttendance', assemblyId, memberId: m(3), voters })
          .events(),
      'ASSEMBLY_NOT_CONVENED',
    );
    expectConflict(
      () =>
        given(assemblyDecider, [convened, ...present(2), opened(true), motion])
          .when({ type: 'PutMotion', assemblyId, motionId: 'm1', item: 1, text: 'again', decides: [] })
          .events(),
      'MOTION_EXISTS',
    );
    expectConflict(
      () =>
        given(assemblyDecider, [convened, ...present(2), opened(true)])
          .when(vote(2))
          .events(),
      'NO_OPEN_MOTION',
    );
    expectConflict(
      () => given(assemblyDecider, [convened]).when({ type: 'CloseAssembly', assemblyId, closedOn: '2026-02-27' }).events(),
      'ASSEMBLY_NOT_OPEN',
    );
    expectConflict(
      () =>
        given(assemblyDecider, [convened]).when({ type: 'ApproveMinutes', assemblyId, signatories, minutesText: 'v' }).events(),
      'ASSEMBLY_NOT_CLOSED',
    );
  });

  it('a notice after today and a second call before the first are the fields’ errors (400)', () => {
    expectInvalidField(() => given(assemblyDecider).when(convene('2026-03-05')).events(), 'noticeSentOn', 'DATE_IN_FUTURE');
    expectInvalidField(
      () =>
        given(assemblyDecider)
          .when({ ...convene('2026-02-10'), secondCall: { date: '2026-02-27', place: 'sede' } } as AssemblyCommand)
          .events(),
      'secondCall.date',
      'DATE_ORDER',
    );
  });
});
