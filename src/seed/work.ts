import { FixedClock } from '../platform/clock.js';
import type { DecisionContext } from '../platform/commands/decider.js';
import { envelope } from '../platform/commands/envelope.js';
import type { ChainedEventStore } from '../platform/event-store/chained-event-store.js';
import { deterministicId } from '../platform/ids.js';
import type { Register } from '../membership/domain/register-state.js';
import { WORKFORCE_STREAM, type ContractTerms } from '../work/domain/work-events.js';
import { workforceDecider, type Workforce, type WorkforceCommand } from '../work/domain/workforce.js';
import { dayOf, isoDay } from './italian.js';
import { deriveSeed, intBetween, mulberry32, pick, weighted } from './random.js';
import { loadStream } from './seeding.js';
import { appendInParts, type Actor } from '../platform/event-store/event-store.js';

/**
 * A pay table for generated histories: levels A1 and F2 are the CCNL for social cooperatives'
 * minimums from 1 February 2024 (as DOMAIN.md quotes them); the levels between are spread
 * evenly between the two and are not the agreement's. The agreement's name says so.
 */
export const SEED_PAY_TABLE = (() => {
  const levels = ['A1', 'A2', 'B1', 'C1', 'C2', 'C3', 'D1', 'D2', 'D3', 'E1', 'E2', 'F1', 'F2'];
  const [a1, f2] = [130_722, 240_725];
  const minimumMonthlyPayCents = Object.fromEntries(
    levels.map((level, i) => [level, Math.round(a1 + ((f2 - a1) * i) / (levels.length - 1))]),
  );
  return {
    agreement: 'Generated history: A1 and F2 from the CCNL cooperative sociali 2023-2025, other levels interpolated',
    fullTimeWeeklyHours: 38,
    minimumMonthlyPayCents,
  };
})();

/** The operating units of a generated history (services open them under these names). */
export const UNITS = [
  'Nido Girasole',
  'Nido Arcobaleno',
  'Centro diurno Il Melograno',
  'Assistenza educativa domiciliare',
  'Assistenza scolastica',
  'Centro estivo',
];
/** Mostly educators (C and D levels), some auxiliaries, few coordinators. */
const LEVELS: ReadonlyArray<readonly [string, number]> = [
  ['A1', 0.06],
  ['A2', 0.04],
  ['B1', 0.1],
  ['C1', 0.2],
  ['C2', 0.12],
  ['C3', 0.08],
  ['D1', 0.15],
  ['D2', 0.12],
  ['D3', 0.05],
  ['E1', 0.04],
  ['E2', 0.02],
  ['F1', 0.01],
  ['F2', 0.01],
];

/** The terms of one generated contract starting on `start`: level, hours, pay at or above the minimum, unit, minors. */
function contractTerms(random: () => number, start: number): ContractTerms {
  const level = weighted(random, LEVELS);
  const weeklyHours = pick(random, [18, 20, 24, 25, 30, 30, 34, 36, 38, 38, 38]);
  const minimum = Math.ceil((SEED_PAY_TABLE.minimumMonthlyPayCents[level]! * weeklyHours) / 38);
  const fixedTerm = random() < 0.3;
  const terms: ContractTerms = {
    form: 'subordinate',
    level,
    weeklyHours,
    startsOn: isoDay(start),
    endsOn: fixedTerm ? isoDay(start + 364) : null,
    grossMonthlyPayCents: Math.round(minimum * (1 + random() * 0.12)),
    unit: pick(random, UNITS),
    contactWithMinors: random() < 0.85,
    criminalRecordCheckedOn: null,
  };
  if (terms.contactWithMinors) terms.criminalRecordCheckedOn = isoDay(start - intBetween(random, 3, 20));
  return terms;
}

/** The 31 December of the year of `day` (days since 1970-01-01). */
const yearEndOf = (day: number) => dayOf(`${isoDay(day).slice(0, 4)}-12-31`);

/**
 * Contracts of the worker members admitted by this seeding, decided by the workforce decider
 * (W1–W3b), signed under delegated powers. Every worker member works under a contract from
 * within two weeks of admission (within the year of admission), as a worker member does (L.
 * 142/2001 art. 1 c. 3): most with children (criminal-record check first), part-time or
 * full-time, at or above the table's minimum. A fixed-term contract still running at its
 * term is made permanent before it (an amendment); some members leave their unit by
 * resignation and sign a new contract in another within a month; a contract ends with the
 * membership. One `PayTableRecorded` comes first when the stream is new. Returns the number
 * of events written and the workforce it leaves.
 */
export async function seedWorkforce(options: {
  events: ChainedEventStore;
  seed: number;
  register: Register;
  /** Only members numbered from here are given contracts (those this seeding admitted). */
  firstMemberNumber: number;
  firstDay: number;
  untilDay: number;
  now: Date;
  actor: Actor;
}): Promise<{ written: number; workforce: Workforce }> {
  const { events, seed, register, untilDay, now, actor } = options;
  const context: DecisionContext = { now };
  let { state, revision } = await loadStream(events, new FixedClock(now), WORKFORCE_STREAM, workforceDecider);
  const commands: Array<{ id: string; day: number; command: WorkforceCommand }> = [];
  if (state.payTables.length === 0)
    commands.push({
      id: `seed:${seed}:pay-table`,
      day: options.firstDay,
      command: { type: 'RecordPayTable', effectiveFrom: isoDay(options.firstDay), ...SEED_PAY_TABLE },
    });
  const ends: Array<{ id: string; day: number; command: WorkforceCommand }> = [];
  for (const [memberId, member] of register.members) {
    if (member.memberNumber < options.firstMemberNumber || member.category !== 'worker') continue;
    const random = mulberry32(deriveSeed(seed, 1_000_000 + member.memberNumber));
    const admitted = dayOf(member.admittedOn);
    const memberEnd = member.endedOn ? dayOf(member.endedOn) : untilDay;
    const lastDay = Math.min(untilDay, memberEnd) - 1;
    let start = Math.min(admitted + intBetween(random, 0, 14), yearEndOf(admitted), lastDay);
    // A member's contracts one after the other: a resignation from one unit, a new contract in another.
    for (let n = 1; start <= lastDay && n <= 3; n++) {
      const terms = contractTerms(random, start);
      const id = `seed:${seed}:contract:${member.memberNumber}${n > 1 ? `:${n}` : ''}`;
      const contractId = deterministicId(id, 'work-contract');
      commands.push({
        id,
        day: start,
        command: {
          type: 'SignContract',
          contractId,
          worker: { kind: 'member', memberId },
          terms,
          signedOn: isoDay(Math.max(admitted, start - intBetween(random, 1, 10))),
          boardResolutionId: null,
          member: { activeOn: true, category: 'worker' },
        },
      });
      const endId = `seed:${seed}:contract-end:${member.memberNumber}${n > 1 ? `:${n}` : ''}`;
      const resigns = n < 3 && random() < 0.15 && lastDay > start + 60;
      const resignedOn = resigns ? intBetween(random, start + 30, lastDay - 30) : null;
      // A fixed term the member outlasts is made permanent a few days before it runs out.
      const term = terms.endsOn === null ? null : dayOf(terms.endsOn);
      if (term !== null && term < (resignedOn ?? lastDay)) {
        const day = term - intBetween(random, 1, 20);
        commands.push({
          id: `${id}:permanent`,
          day,
          command: {
            type: 'AmendContract',
            contractId,
            amendedOn: isoDay(day),
            effectiveFrom: isoDay(day),
            changes: { endsOn: null },
          },
        });
      }
      if (resignedOn !== null) {
        ends.push({
          id: endId,
          day: resignedOn,
          command: { type: 'EndContract', contractId, endedOn: isoDay(resignedOn), reason: 'resignation' },
        });
        start = Math.min(resignedOn + intBetween(random, 1, 30), lastDay);
        continue;
      }
      // The contract ends with the membership, on its last day.
      if (memberEnd < untilDay)
        ends.push({
          id: endId,
          day: lastDay,
          command: { type: 'EndContract', contractId, endedOn: isoDay(lastDay), reason: 'other' },
        });
      break;
    }
  }
  const all = [...commands, ...ends].sort((a, b) => a.day - b.day || (a.id < b.id ? -1 : 1));
  let written = 0;
  for (let from = 0; from < all.length; from += 1_000) {
    const batch = all.slice(from, from + 1_000).flatMap(({ id, day, command }) => {
      const decided = workforceDecider.decide(command, state, context);
      for (const event of decided) state = workforceDecider.evolve(state, event);
      const at = `${isoDay(day)}T09:00:00.000Z`;
      return envelope(WORKFORCE_STREAM, decided, { commandId: id, actor, occurredAt: at });
    });
    const appended = await appendInParts(events, WORKFORCE_STREAM, batch, revision); // under the append size
    revision = appended.nextExpectedRevision;
    written += appended.events.length;
  }
  return { written, workforce: state };
}
