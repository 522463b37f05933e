import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { refusal } from '../../platform/errors/domain-errors.js';
import { S3, S4 } from './rules.js';
import type { AgeBand, ServiceEvent } from './service-events.js';

type Data<T extends ServiceEvent['type']> = Extract<ServiceEvent, { type: T }>['data'];

export type Unit = { opened: false } | ({ opened: true } & Data<'ServiceUnitOpened'>);

/** A unit, in `serviceUnit-<id>`. */
export const unitDecider: Decider<{ type: 'OpenServiceUnit' } & Data<'ServiceUnitOpened'>, Unit, ServiceEvent> = {
  initialState: () => ({ opened: false }),
  evolve: (state, event) => (event.type === 'ServiceUnitOpened' ? { opened: true, ...event.data } : state),
  decide({ type: _, ...data }, state, { now }) {
    if (state.opened) throw refusal('UNIT_EXISTS', null, `unit ${data.unitId} is open`);
    if (data.openedOn > businessDate(now)) throw refusal('DATE_IN_FUTURE', null, 'a unit is recorded once open');
    return [{ type: 'ServiceUnitOpened', data }];
  },
};

export type Agreement = { signed: false } | ({ signed: true } & Data<'ServiceAgreementSigned'>);

/** An agreement with a client, in `serviceAgreement-<id>`; the unit it names must be open. */
export const agreementDecider: Decider<
  { type: 'SignServiceAgreement'; unit: Unit } & Data<'ServiceAgreementSigned'>,
  Agreement,
  ServiceEvent
> = {
  initialState: () => ({ signed: false }),
  evolve: (state, event) => (event.type === 'ServiceAgreementSigned' ? { signed: true, ...event.data } : state),
  decide({ type: _, unit, ...data }, state, { now }) {
    if (state.signed) throw refusal('AGREEMENT_EXISTS', null, `agreement ${data.agreementId} is signed`);
    if (data.signedOn > businessDate(now)) throw refusal('DATE_IN_FUTURE', null, 'an agreement is recorded once signed');
    if (data.endsOn < data.startsOn) throw refusal('DATE_ORDER', null, 'an agreement cannot end before it starts');
    if (!unit.opened) throw refusal('UNIT_UNKNOWN', null, `no unit ${data.unitId} is open`);
    return [{ type: 'ServiceAgreementSigned', data }];
  },
};

export type Beneficiary =
  | { registered: false }
  | {
      registered: true;
      ageBand: AgeBand;
      erased: boolean;
      enrolments: Array<{ agreementId: string; enrolledOn: string; endsOn: string | null }>;
    };

export type BeneficiaryCommand =
  | ({ type: 'RegisterBeneficiary' } & Data<'BeneficiaryRegistered'>)
  | ({ type: 'EnrollBeneficiary'; agreement: Agreement } & Data<'BeneficiaryEnrolled'>)
  | ({ type: 'EraseBeneficiaryData' } & Data<'BeneficiaryDataErased'>);

/** A beneficiary, in `beneficiary-<id>`: registered (data sealed), enrolled in agreements, erased (S4). */
export const beneficiaryDecider: Decider<BeneficiaryCommand, Beneficiary, ServiceEvent> = {
  initialState: () => ({ registered: false }),
  evolve(state, event) {
    if (event.type === 'BeneficiaryRegistered')
      return { registered: true, ageBand: event.data.ageBand, erased: false, enrolments: [] };
    if (!state.registered) return state;
    if (event.type === 'BeneficiaryEnrolled')
      return {
        ...state,
        enrolments: [
          ...state.enrolments,
          { agreementId: event.data.agreementId, enrolledOn: event.data.enrolledOn, endsOn: event.data.endsOn },
        ],
      };
    if (event.type === 'BeneficiaryDataErased') return { ...state, erased: true };
    return state;
  },
  decide(command, state, { now }) {
    const today = businessDate(now);
    if (command.type === 'RegisterBeneficiary') {
      if (state.registered) throw refusal('BENEFICIARY_EXISTS', null, `beneficiary ${command.beneficiaryId} is registered`);
      if (command.registeredOn > today) throw refusal('DATE_IN_FUTURE', null, 'a registration is recorded once made');
      const { type: _, ...data } = command;
      return [{ type: 'BeneficiaryRegistered', data }];
    }
    if (!state.registered) throw refusal('BENEFICIARY_UNKNOWN', null, `no beneficiary ${command.beneficiaryId} is registered`);
    if (command.type === 'EraseBeneficiaryData') {
      if (state.erased) throw refusal('S4', S4, 'the beneficiary’s data are already erased');
      const { type: _, ...data } = command;
      return [{ type: 'BeneficiaryDataErased', data }];
    }
    if (state.erased) throw refusal('S4', S4, 'the beneficiary’s data are erased: nothing more is recorded for them');
    const { agreement } = command;
    if (!agreement.signed) throw refusal('AGREEMENT_UNKNOWN', null, `no agreement ${command.agreementId} is signed`);
    if (command.enrolledOn < agreement.startsOn || command.enrolledOn > agreement.endsOn)
      throw refusal('S3', S3, `the agreement runs from ${agreement.startsOn} to ${agreement.endsOn}`);
    if (command.endsOn !== null && command.endsOn < command.enrolledOn)
      throw refusal('DATE_ORDER', null, 'an enrolment cannot end before it starts');
    const { type: _, agreement: __, ...data } = command;
    return [{ type: 'BeneficiaryEnrolled', data }];
  },
};

export const isMinor = (band: AgeBand) => band !== 'adult';

export const enrolledOn = (beneficiary: Beneficiary, agreementId: string, date: string) =>
  beneficiary.registered &&
  beneficiary.enrolments.some(
    (e) => e.agreementId === agreementId && e.enrolledOn <= date && (e.endsOn === null || e.endsOn >= date),
  );
