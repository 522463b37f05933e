import type { DecisionContext } from '../platform/commands/decider.js';
import { envelope } from '../platform/commands/envelope.js';
import type { ChainedEventStore } from '../platform/event-store/chained-event-store.js';
import { appendInParts, type Actor, type ExpectedRevision } from '../platform/event-store/event-store.js';
import { RuleViolation } from '../platform/errors/domain-errors.js';
import { deterministicId } from '../platform/ids.js';
import type { PersonalDataVault } from '../platform/personal-data/personal-data.js';
import {
  agreementStream,
  beneficiaryStream,
  unitDayStream,
  unitStream,
  type ServiceEvent,
} from '../services/domain/service-events.js';
import { agreementDecider, beneficiaryDecider, unitDecider } from '../services/domain/setup.js';
import {
  agreementHoursDecider,
  operatorDayDecider,
  operatorDayStream,
  type AgreementHours,
  type OperatorDay,
  type ReservationEvent,
} from '../services/domain/reservations.js';
import { minutesOf, unitDayDecider, type DeliveryFacts } from '../services/domain/unit-day.js';
import { inForceOn } from '../work/domain/pay.js';
import type { Workforce } from '../work/domain/workforce.js';
import { dayOf, isoDay } from './italian.js';
import { deriveSeed, intBetween, mulberry32, pick } from './random.js';
import { UNITS } from './work.js';

const NAMES = ['Giulia', 'Marco', 'Sofia', 'Luca', 'Aurora', 'Leonardo', 'Alice', 'Tommaso', 'Ginevra', 'Matteo'];
const SURNAMES = ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco'];
const KIND: Record<string, 'nursery' | 'day_centre' | 'educational_home_care' | 'school_assistance' | 'summer_centre'> = {
  'Nido Girasole': 'nursery',
  'Nido Arcobaleno': 'nursery',
  'Centro diurno Il Melograno': 'day_centre',
  'Assistenza educativa domiciliare': 'educational_home_care',
  'Assistenza scolastica': 'school_assistance',
  'Centro estivo': 'summer_centre',
};

/**
 * The services of a generated history, decided by the services deciders: the units the
 * contracts name, opened on the first day; a municipal agreement per unit and year (public
 * tender, over-budget hours flagged); children registered (sealed by the vault) and
 * enrolled; and on `daysPerMonth` working days a month, a morning delivery by each educator
 * of the unit whose contract is in force and whose criminal record was checked, with a group
 * of at most the unit's children per professional (S1–S5, W3b hold by construction and are
 * checked by the decider). Returns the number of events written.
 */
export async function seedServices(options: {
  events: ChainedEventStore;
  seed: number;
  workforce: Workforce;
  vault: PersonalDataVault;
  firstDay: number;
  untilDay: number;
  now: Date;
  actor: Actor;
  daysPerMonth?: number;
}): Promise<number> {
  const { events, seed, workforce, vault, firstDay, untilDay, now, actor } = options;
  const context: DecisionContext = { now };
  const daysPerMonth = options.daysPerMonth ?? 2;
  let written = 0;
  const append = async (
    stream: string,
    commandId: string,
    decided: Array<ServiceEvent | ReservationEvent>,
    day: number,
    expected: ExpectedRevision = 'no_stream',
  ) => {
    const recorded = envelope(stream, decided, { commandId, actor, occurredAt: `${isoDay(day)}T09:00:00.000Z` });
    const result = await appendInParts(events, stream, recorded, expected); // under the append size
    written += result.events.length;
    return result.nextExpectedRevision;
  };
  // S3's reservations, as the service holds them (`services/domain/reservations.ts`): each
  // operator's day across units, and each agreement's professional minutes.
  const operatorDays = new Map<string, { state: OperatorDay; revision: ExpectedRevision }>();

  for (const [u, name] of UNITS.entries()) {
    const random = mulberry32(deriveSeed(seed, 2_000_000 + u));
    const unitId = deterministicId(`seed:${seed}:unit:${u}`, 'service-unit');
    const childrenPerStaff = KIND[name] === 'nursery' ? 6 : 8;
    const opened = {
      type: 'OpenServiceUnit' as const,
      unitId,
      name,
      kind: KIND[name]!,
      capacity: 40,
      childrenPerStaff,
      openedOn: isoDay(firstDay),
    };
    const unit = unitDecider.decide(opened, unitDecider.initialState(), context);
    await append(unitStream(unitId), `seed:${seed}:unit:${u}`, unit, firstDay);
    const unitState = unit.reduce(unitDecider.evolve, unitDecider.initialState());
    const staff = [...workforce.contracts.values()].filter(
      (c) => c.terms.unit === name && c.terms.criminalRecordCheckedOn !== null,
    );

    for (let year = Number(isoDay(firstDay).slice(0, 4)); ; year++) {
      const startsOn = Math.max(firstDay, dayOf(`${year}-01-01`));
      const endsOn = Math.min(untilDay - 1, dayOf(`${year}-12-31`));
      if (startsOn > endsOn) break;
      const agreementId = deterministicId(`seed:${seed}:agreement:${u}:${year}`, 'service-agreement');
      const cig = Array.from({ length: 10 }, () => pick(random, [...'0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'])).join('');
      const signed = agreementDecider.decide(
        {
          type: 'SignServiceAgreement',
          unit: unitState,
          agreementId,
          client: { kind: 'municipality', name: 'Comune di Genova' },
          unitId,
          service: name,
          hoursBudget: 4 * daysPerMonth * 12 * Math.max(1, staff.length),
          startsOn: isoDay(startsOn),
          endsOn: isoDay(endsOn),
          legalForm: { kind: 'public_tender', cig },
          overBudget: 'flag',
          signedOn: isoDay(startsOn - 20),
        },
        agreementDecider.initialState(),
        context,
      );
      let agreementRevision = await append(agreementStream(agreementId), `seed:${seed}:agreement:${u}:${year}`, signed, startsOn);
      const agreementState = signed.reduce(agreementDecider.evolve, agreementDecider.initialState());
      let hours = signed.reduce<AgreementHours>(
        (state, event) => agreementHoursDecider.evolve(state, event as ReservationEvent),
        agreementHoursDecider.initialState(),
      );

      // The children of the year: registered and enrolled from the agreement's first day.
      const children: string[] = [];
      for (let n = 0; n < 24; n++) {
        const id = `seed:${seed}:child:${u}:${year}:${n}`;
        const beneficiaryId = deterministicId(id, 'beneficiary');
        const person = await vault.seal(beneficiaryId, { givenName: pick(random, NAMES), familyName: pick(random, SURNAMES) });
        const ageBand = KIND[name] === 'nursery' ? ('0-2' as const) : pick(random, ['3-5', '6-10', '11-13'] as const);
        let state = beneficiaryDecider.initialState();
        const decided: ServiceEvent[] = [];
        for (const command of [
          { type: 'RegisterBeneficiary' as const, beneficiaryId, person, ageBand, registeredOn: isoDay(startsOn) },
          {
            type: 'EnrollBeneficiary' as const,
            beneficiaryId,
            agreementId,
            enrolledOn: isoDay(startsOn),
            endsOn: null,
            agreement: agreementState,
          },
        ])
          for (const event of beneficiaryDecider.decide(command, state, context)) {
            decided.push(event);
            state = beneficiaryDecider.evolve(state, event);
          }
        await append(beneficiaryStream(beneficiaryId), id, decided, startsOn);
        children.push(beneficiaryId);
      }

      // Deliveries on a few working days of each month.
      for (let month = 0; month < 12; month++) {
        for (let k = 0; k < daysPerMonth; k++) {
          let day = dayOf(`${year}-${String(month + 1).padStart(2, '0')}-01`) + intBetween(random, 0, 27);
          while ([0, 6].includes(new Date(day * 86_400_000).getUTCDay())) day++; // Sunday, Saturday
          if (day < startsOn || day > endsOn) continue;
          const date = isoDay(day);
          const present = staff.filter((c) => inForceOn(c, date) && c.terms.criminalRecordCheckedOn! <= date).slice(0, 3);
          let state = unitDayDecider.initialState();
          const decided: ServiceEvent[] = [];
          const reservedHours: ReservationEvent[] = [];
          const unitDayCommand = `seed:${seed}:unit-day:${u}:${date}`;
          for (const [i, contract] of present.entries()) {
            const group = children.slice(i * childrenPerStaff, (i + 1) * childrenPerStaff);
            if (group.length === 0) continue;
            const deliveryId = deterministicId(`seed:${seed}:delivery:${u}:${date}:${i}`, 'service-delivery');
            const personId = contract.worker.kind === 'member' ? contract.worker.memberId : contract.worker.personId;
            const [start, minutes] = ['08:30', 240] as const;
            const from = minutesOf(start);
            // As the service does: the operator's slot, then the professional minutes, then the unit-day.
            const dayStream = operatorDayStream(personId, date);
            const operatorDay = operatorDays.get(dayStream) ?? {
              state: operatorDayDecider.initialState(),
              revision: 'no_stream',
            };
            let slot: ReservationEvent[];
            try {
              slot = operatorDayDecider.decide(
                { type: 'ReserveOperatorSlot', deliveryId, unitId, date, from, to: from + minutes },
                operatorDay.state,
                context,
              );
            } catch (error) {
              if (error instanceof RuleViolation) continue; // S3: in another unit at that hour, as the service would refuse
              throw error;
            }
            operatorDay.state = slot.reduce(operatorDayDecider.evolve, operatorDay.state);
            if (slot.length)
              operatorDay.revision = await append(
                dayStream,
                `seed:${seed}:operator-day:${u}:${date}:${i}`,
                slot,
                day,
                operatorDay.revision,
              );
            operatorDays.set(dayStream, operatorDay);
            const held = agreementHoursDecider.decide(
              { type: 'ReserveAgreementHours', deliveryId, unitId, date, minutes },
              hours,
              context,
            );
            hours = held.reduce(agreementHoursDecider.evolve, hours);
            reservedHours.push(...held);
            const facts: DeliveryFacts = {
              unit: { childrenPerStaff },
              agreement: {
                unitId,
                startsOn: isoDay(startsOn),
                endsOn: isoDay(endsOn),
                budgetMinutes: hours.budget!.budgetMinutes,
                overBudget: 'flag',
                // The unit-day's own deliveries are in its stream; the other days' in the agreement's reservations.
                usedMinutesElsewhere: [...hours.reserved].reduce(
                  (n, [id, r]) => (id === deliveryId || (r.unitId === unitId && r.date === date) ? n : n + r.minutes),
                  0,
                ),
              },
              beneficiaries: group.map((beneficiaryId) => ({
                beneficiaryId,
                registered: true,
                erased: false,
                minor: true,
                enrolled: true,
              })),
              operator: {
                personId,
                inForce: true,
                insured: false,
                criminalRecordCheckedOn: contract.terms.criminalRecordCheckedOn,
              },
              operatorElsewhere: [...operatorDay.state.slots]
                .filter(([id, reserved]) => id !== deliveryId && reserved.unitId !== unitId)
                .map(([, reserved]) => ({ from: reserved.from, to: reserved.to })),
            };
            const delivery = {
              deliveryId,
              agreementId,
              unitId,
              beneficiaries: group,
              operator: { kind: 'staff' as const, contractId: contract.contractId },
              date,
              start,
              minutes,
              activity: await vault.seal(deliveryId, { text: 'attività educative' }),
            };
            for (const event of unitDayDecider.decide({ type: 'DeliverService', delivery, facts }, state, context)) {
              decided.push(event);
              state = unitDayDecider.evolve(state, event);
            }
          }
          if (reservedHours.length)
            agreementRevision = await append(
              agreementStream(agreementId),
              `${unitDayCommand}:hours`,
              reservedHours,
              day,
              agreementRevision,
            );
          if (decided.length) await append(unitDayStream(unitId, date), unitDayCommand, decided, day);
        }
      }
    }
  }
  return written;
}
