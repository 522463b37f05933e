import type { ChainedEventStore } from '../platform/event-store/chained-event-store.js';
import { appendInParts, type NewEvent } from '../platform/event-store/event-store.js';
import { deterministicId } from '../platform/ids.js';
import type { PersonalDataVault } from '../platform/personal-data/personal-data.js';
import { sealDirectors, sealSignatories } from '../governance/commands/governance-people.js';
import { assemblyDecider, type AssemblyCommand } from '../governance/domain/assembly.js';
import { assemblyStream, type AssemblyEvent } from '../governance/domain/assembly-events.js';
import { boardDecider, boardOn, type Board } from '../governance/domain/board.js';
import { boardMeetingDecider, type BoardMeetingCommand } from '../governance/domain/board-meeting.js';
import { BOARD_STREAM, boardMeetingStream, type Decision } from '../governance/domain/governance-events.js';
import { LEGAL_STATUTE, STATUTE_STREAM, statuteDecider, type StatuteIdentity } from '../governance/domain/statute.js';
import { decisionCommandId, PROCESS_ACTOR } from '../governance/projections/board-decisions.process.js';
import type { Register } from '../membership/domain/register.js';
import { dayOf, isoDay } from './italian.js';
import { deriveSeed, mulberry32 } from './random.js';
import { seedEnvelope, type SeedLink } from './seeding.js';

/** The board meeting of one admission day, filled with the day's admissions before it is written. */
export interface SeedBoardMeeting {
  stream: string;
  resolutionId: string;
  /** The admissions its resolution decides (G7), in order. */
  decides: Decision[];
  /** How the process manager issues the admissions it decides: its actor, correlation and causation. */
  link: SeedLink;
  /** The command id the process manager gives the admission decided next. */
  nextDecisionCommandId(): string;
  events(): NewEvent[];
}

/**
 * The board meeting of one admission day, recorded as the secretariat records one: convened a
 * week before (`ConveneBoardMeeting`), attended by every director in office
 * (`RecordBoardAttendance`), one resolution voted by all (`ResolveOnItem`), three commands of
 * their own, each decided by the board-meeting decider against the board in office (G6).
 */
export function boardMeeting(seed: number, day: number, n: number, board: Board, now: Date): SeedBoardMeeting {
  const heldOn = isoDay(day);
  const commandId = `seed:${seed}:board-meeting:${day}:${n}`;
  const meetingId = deterministicId(commandId, 'meeting');
  const stream = boardMeetingStream(meetingId);
  const resolutionId = `cda-${heldOn}-${n}`;
  const resolveCommandId = `${commandId}:resolution`;
  // The resolution is the one event of its command: its id is the one the envelope gives it.
  const resolutionEventId = deterministicId(resolveCommandId, stream, '0');
  const decides: Decision[] = [];
  const present = (boardOn(board, heldOn)?.directors ?? []).map((d) => d.directorId);
  return {
    stream,
    resolutionId,
    decides,
    link: { actor: PROCESS_ACTOR, correlationId: resolutionId, causationId: resolutionEventId },
    nextDecisionCommandId: () => decisionCommandId(resolutionEventId, decides.length),
    events: () => {
      const commands: Array<[string, BoardMeetingCommand]> = [
        [
          commandId,
          {
            type: 'ConveneBoardMeeting',
            meetingId,
            convenedOn: isoDay(day - 7),
            heldOn,
            place: 'sede sociale',
            agenda: ['ammissione di nuovi soci'],
            board,
          },
        ],
        [`${commandId}:attendance`, { type: 'RecordBoardAttendance', meetingId, present, board }],
        [
          resolveCommandId,
          {
            type: 'ResolveOnItem',
            meetingId,
            resolutionId,
            item: 1,
            text: `Il consiglio ammette ${decides.length === 1 ? '1 nuovo socio' : `${decides.length} nuovi soci`}`,
            votes: present.map((directorId) => ({ directorId, vote: 'for' as const })),
            decides,
          },
        ],
      ];
      let state = boardMeetingDecider.initialState();
      return commands.flatMap(([id, command]) => {
        const decided = boardMeetingDecider.decide(command, state, { now });
        state = decided.reduce(boardMeetingDecider.evolve, state);
        return seedEnvelope(id, stream, decided, `${heldOn}T17:00:00.000Z`);
      });
    },
  };
}

/**
 * The first board, elected by the founders' assembly on the founding day: the first two
 * founders (people before bodies, as the seed orders them) as president and vice-president,
 * and one director who is not a member, decided by the board decider (G6: a majority of
 * members). Names are sealed as the service seals them: a member director's with the
 * member's own key.
 */
export async function electFirstBoard(
  events: ChainedEventStore,
  options: {
    commandId: string;
    vault: PersonalDataVault;
    founders: ReadonlyArray<{ memberId: string; applicationId: string; name: string }>;
    foundedOn: string;
    untilDay: number;
    now: Date;
  },
): Promise<{ board: Board; written: number }> {
  const { commandId, vault, founders, foundedOn } = options;
  const directors = await sealDirectors(
    vault,
    [
      { directorId: 'seed-president', name: founders[0]!.name, memberId: founders[0]!.memberId, role: 'president' },
      { directorId: 'seed-vice', name: founders[1]!.name, memberId: founders[1]!.memberId, role: 'vice_president' },
      { directorId: 'seed-director', name: 'Giovanna Ferraris', memberId: null, role: 'director' },
    ],
    new Map(founders.slice(0, 2).map((f) => [f.memberId, f.applicationId])),
  );
  const decided = boardDecider.decide(
    {
      type: 'ElectBoard',
      electedOn: foundedOn,
      termEndsOn: isoDay(options.untilDay + 3 * 365),
      assemblyResolutionId: `ass-${foundedOn}-founding`,
      directors,
      activeMembers: new Set(founders.map((f) => f.memberId)),
    },
    boardDecider.initialState(),
    { now: options.now },
  );
  const election = seedEnvelope(commandId, BOARD_STREAM, decided, `${foundedOn}T18:00:00.000Z`);
  return {
    board: decided.reduce(boardDecider.evolve, boardDecider.initialState()),
    written: (await events.append(BOARD_STREAM, election, 'no_stream')).events.length,
  };
}

/**
 * Who the seeded cooperative is, as a statute would say it (c.c. art. 2521 c. 3 n. 1–3): what
 * `npm run seed` records at the founding, so the social report, the review pack and the books
 * of a seeded history are headed with a name, a seat and a purpose. Invented, like everything
 * the seed writes.
 */
export const SEED_STATUTE: StatuteIdentity = {
  name: 'Il Melograno Società Cooperativa Sociale',
  registeredOffice: 'Via Assarotti 20, 16122 Genova (GE)',
  purpose:
    'La cooperativa, senza fini di lucro, persegue l’interesse generale della comunità alla promozione umana e ' +
    'all’integrazione sociale dei cittadini attraverso la gestione di servizi socio-sanitari ed educativi ' +
    '(L. 381/1991 art. 1 c. 1 lett. a), rivolti in particolare all’infanzia e alle famiglie.',
  activities: [
    'nidi d’infanzia e servizi educativi per la prima infanzia',
    'centri estivi e centri diurni per minori',
    'assistenza educativa domiciliare e scolastica',
  ],
  territory: 'Città metropolitana di Genova e province della Liguria',
};

/**
 * The statute the founding deed adopts (the atto costitutivo, c.c. art. 2521): the legal
 * defaults of every rule, with `identity` for who the cooperative is. Decided by the statute's
 * own decider and dated the founding day, before the first board is elected.
 */
export async function adoptFoundingStatute(
  events: ChainedEventStore,
  options: { commandId: string; identity: StatuteIdentity; foundedOn: string; now: Date },
): Promise<number> {
  const decided = statuteDecider.decide(
    {
      type: 'AdoptStatuteSettings',
      adoptedOn: options.foundedOn,
      assemblyResolutionId: `ass-${options.foundedOn}-founding`,
      settings: { ...LEGAL_STATUTE, ...options.identity },
    },
    statuteDecider.initialState(),
    { now: options.now },
  );
  const adopted = seedEnvelope(options.commandId, STATUTE_STREAM, decided, `${options.foundedOn}T17:30:00.000Z`);
  return (await events.append(STATUTE_STREAM, adopted, 'no_stream')).events.length;
}

/**
 * One ordinary assembly a year, at the end of April, approving the last year's statements:
 * about a third of the members with a vote attend, so it opens on the second call (G4). The
 * events come from the assembly decider itself, fed with who could vote on the day (G2).
 */
export async function seedAssemblies(
  events: ChainedEventStore,
  seed: number,
  register: Register,
  firstDay: number,
  untilDay: number,
  now: Date,
  vault: PersonalDataVault,
  /** Who signs each assembly's minutes: the board's president and a founder as secretary. */
  signers: { president: string; secretary: string },
): Promise<number> {
  let written = 0;
  const firstYear = Number(isoDay(firstDay).slice(0, 4)) + 1;
  const lastYear = Number(isoDay(untilDay).slice(0, 4));
  for (let year = firstYear; year <= lastYear; year++) {
    const date = `${year}-04-28`;
    if (dayOf(date) + 1 >= untilDay) break;
    const random = mulberry32(deriveSeed(seed, year));
    const voters = new Map<string, number>();
    const financing = new Set<string>();
    for (const [memberId, member] of register.members)
      if (member.status === 'active' && member.admittedOn <= isoDay(dayOf(date) - 90)) {
        voters.set(memberId, 1);
        if (member.category === 'financing') financing.add(memberId);
      }
    if (voters.size === 0) continue;
    const assemblyId = deterministicId(`seed:${seed}:assembly:${year}`, 'assembly');
    const attendees = [...voters.keys()].filter(() => random() < 0.33);
    const commands: AssemblyCommand[] = [
      {
        type: 'ConveneAssembly',
        assemblyId,
        kind: 'ordinary',
        firstCall: { date, place: 'sede sociale' },
        secondCall: { date: isoDay(dayOf(date) + 1), place: 'sede sociale' },
        agenda: [`Approvazione del bilancio ${year - 1}`],
        noticeSentOn: isoDay(dayOf(date) - 15),
        noticeDays: 8,
        remoteVoting: false,
        motionTexts: null,
      },
      ...attendees.map((memberId): AssemblyCommand => ({ type: 'RecordAttendance', assemblyId, memberId, voters })),
      { type: 'OpenAssembly', assemblyId, call: 'second', voters, financing },
      {
        type: 'PutMotion',
        assemblyId,
        motionId: `bilancio-${year - 1}`,
        item: 1,
        text: `L'assemblea approva il bilancio ${year - 1}`,
        decides: [],
      },
      ...attendees.map((memberId): AssemblyCommand => ({
        type: 'CastVote',
        assemblyId,
        motionId: `bilancio-${year - 1}`,
        memberId,
        vote: random() < 0.9 ? 'for' : random() < 0.5 ? 'against' : 'abstain',
        voters,
        financing,
        remote: false,
      })),
      { type: 'DeclareResult', assemblyId, motionId: `bilancio-${year - 1}`, resolutionId: `ass-${date}-1` },
      { type: 'CloseAssembly', assemblyId, closedOn: isoDay(dayOf(date) + 1) },
      {
        type: 'ApproveMinutes',
        assemblyId,
        signatories: await sealSignatories(vault, assemblyId, signers),
        minutesText: `Verbale dell’assemblea del ${isoDay(dayOf(date) + 1)}`,
      },
    ];
    if (attendees.length === 0) continue;
    let state = assemblyDecider.initialState();
    const decided: AssemblyEvent[] = [];
    for (const command of commands)
      for (const event of assemblyDecider.decide(command, state, { now })) {
        state = assemblyDecider.evolve(state, event);
        decided.push(event);
      }
    const stream = assemblyStream(assemblyId);
    const recorded = seedEnvelope(`seed:${seed}:assembly:${year}`, stream, decided, `${isoDay(dayOf(date) + 1)}T18:00:00.000Z`);
    written += (await appendInParts(events, stream, recorded, 'no_stream')).events.length;
  }
  return written;
}
