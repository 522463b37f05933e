import { exhaustive } from '../../platform/commands/exhaustive.js';
import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { invalidField, NotFoundError, refusal, stateConflict } from '../../platform/errors/domain-errors.js';
import { retainedUntil, S3, S4, S4B_BENEFICIARY, S4B_CLIENT } from './rules.js';
import type { AgeBand, ServiceEvent } from './service-events.js';

type Data<T extends ServiceEvent['type']> = Extract<ServiceEvent, { type: T }>['data'];

export type Unit = { opened: false } | ({ opened: true } & Data<'ServiceUnitOpened'>);

/** A unit, in `serviceUnit-<id>`. */
export const unitDecider: Decider<{ type: 'OpenServiceUnit' } & Data<'ServiceUnitOpened'>, Unit, ServiceEvent> = {
  initialState: () => ({ opened: false }),
  evolve: (state, event) => (event.type === 'ServiceUnitOpened' ? { opened: true, ...event.data } : state),
  decide({ type: _, ...data }, state, { now }) {
    if (state.opened) throw stateConflict('UNIT_EXISTS', `unit ${data.unitId} is open`);
    if (data.openedOn > businessDate(now)) throw invalidField('openedOn', 'DATE_IN_FUTURE', 'a unit is recorded once open');
    return [{ type: 'ServiceUnitOpened', data }];
  },
};

export type Agreement = { signed: false } | ({ signed: true; clientErasedOn: string | null } & Data<'ServiceAgreementSigned'>);

export type AgreementCommand =
  | ({ type: 'SignServiceAgreement'; unit: Unit } & Data<'ServiceAgreementSigned'>)
  | { type: 'EraseClientData'; agreementId: string; erasedOn: string };

/** An agreement with a client, in `serviceAgreement-<id>`; the unit it names must be open; a family client's data are erasable (S4b). */
export const agreementDecider: Decider<AgreementCommand, Agreement, ServiceEvent> = {
  initialState: () => ({ signed: false }),
  evolve(state, event) {
    if (event.type === 'ServiceAgreementSigned') return { signed: true, clientErasedOn: null, ...event.data };
    if (event.type === 'ServiceClientDataErased' && state.signed) return { ...state, clientErasedOn: event.data.erasedOn };
    return state;
  },
  decide(command, state, { now }) {
    switch (command.type) {
      case 'SignServiceAgreement':
        return signAgreement(command, state, businessDate(now));
      case 'EraseClientData':
        return eraseClient(command, state);
      default:
        return exhaustive(command);
    }
  },
};

/** An agreement signed with its client, for an open unit. */
function signAgreement(
  command: Extract<AgreementCommand, { type: 'SignServiceAgreement' }>,
  state: Agreement,
  today: string,
): ServiceEvent[] {
  const { type: _, unit, ...data } = command;
  if (state.signed) throw stateConflict('AGREEMENT_EXISTS', `agreement ${data.agreementId} is signed`);
  if (data.signedOn > today) throw invalidField('signedOn', 'DATE_IN_FUTURE', 'an agreement is recorded once signed');
  if (data.endsOn < data.startsOn) throw invalidField('endsOn', 'DATE_ORDER', 'an agreement cannot end before it starts');
  if (!unit.opened) throw invalidField('unitId', 'UNKNOWN_REFERENCE', `no unit ${data.unitId} is open`);
  return [{ type: 'ServiceAgreementSigned', data }];
}

/** S4b: a family's data are erased once the agreement's records need no longer be kept (c.c. art. 2220). */
function eraseClient(command: Extract<AgreementCommand, { type: 'EraseClientData' }>, state: Agreement): ServiceEvent[] {
  if (!state.signed) throw new NotFoundError('agreement', command.agreementId);
  if (state.client.kind !== 'family')
    throw stateConflict('CLIENT_NOT_A_PERSON', `the client of agreement ${command.agreementId} is a body, not a family`);
  if (state.clientErasedOn !== null) throw stateConflict('ALREADY_ERASED', 'the client’s data are already erased');
  const until = retainedUntil(state.endsOn);
  if (command.erasedOn <= until)
    throw refusal(
      'S4b',
      S4B_CLIENT,
      `the agreement ended on ${state.endsOn}: its records, the client’s data with them, are kept until ${until}`,
      { retainedUntil: until },
    );
  return [
    {
      type: 'ServiceClientDataErased',
      data: { agreementId: command.agreementId, clientId: state.client.clientId, erasedOn: command.erasedOn },
    },
  ];
}

export type Beneficiary =
  | { registered: false }
  | {
      registered: true;
      ageBand: AgeBand;
      registeredOn: string;
      erased: boolean;
      enrolments: Array<{ agreementId: string; enrolledOn: string; endsOn: string | null }>;
    };

export type BeneficiaryCommand =
  | ({ type: 'RegisterBeneficiary' } & Data<'BeneficiaryRegistered'>)
  | ({ type: 'EnrollBeneficiary'; agreement: Agreement } & Data<'BeneficiaryEnrolled'>)
  | ({
      type: 'EraseBeneficiaryData';
      /** S4b: the end of each agreement the beneficiary is enrolled in, as recorded (an enrolment never outlasts it). */
      agreementEndsOn: Record<string, string>;
    } & Data<'BeneficiaryDataErased'>);

/** A beneficiary, in `beneficiary-<id>`: registered (data sealed), enrolled in agreements, erased (S4, S4b). */
export const beneficiaryDecider: Decider<BeneficiaryCommand, Beneficiary, ServiceEvent> = {
  initialState: () => ({ registered: false }),
  evolve(state, event) {
    if (event.type === 'BeneficiaryRegistered')
      return {
        registered: true,
        ageBand: event.data.ageBand,
        registeredOn: event.data.registeredOn,
        erased: false,
        enrolments: [],
      };
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
    if (command.type === 'RegisterBeneficiary') return registerBeneficiary(command, state, today);
    if (!state.registered) throw new NotFoundError('beneficiary', command.beneficiaryId);
    switch (command.type) {
      case 'EraseBeneficiaryData':
        return eraseBeneficiary(command, state);
      case 'EnrollBeneficiary':
        return enrollBeneficiary(command, state);
      default:
        return exhaustive(command);
    }
  },
};

type Registered = Extract<Beneficiary, { registered: true }>;
type BeneficiaryCommandOf<T extends BeneficiaryCommand['type']> = Extract<BeneficiaryCommand, { type: T }>;

function registerBeneficiary(
  command: BeneficiaryCommandOf<'RegisterBeneficiary'>,
  state: Beneficiary,
  today: string,
): ServiceEvent[] {
  if (state.registered) throw stateConflict('BENEFICIARY_EXISTS', `beneficiary ${command.beneficiaryId} is registered`);
  if (command.registeredOn > today) throw invalidField('registeredOn', 'DATE_IN_FUTURE', 'a registration is recorded once made');
  const { type: _, ...data } = command;
  return [{ type: 'BeneficiaryRegistered', data }];
}

/** S4b: a beneficiary's data are erased once their care records need no longer be kept. */
function eraseBeneficiary(command: BeneficiaryCommandOf<'EraseBeneficiaryData'>, state: Registered): ServiceEvent[] {
  if (state.erased) throw stateConflict('ALREADY_ERASED', 'the beneficiary’s data are already erased');
  const lastDay = lastServiceDay(state, command.agreementEndsOn);
  const until = retainedUntil(lastDay);
  if (command.erasedOn <= until)
    throw refusal(
      'S4b',
      S4B_BENEFICIARY,
      `the beneficiary could be served until ${lastDay}: their care records are kept until ${until}`,
      { retainedUntil: until },
    );
  const { type: _, agreementEndsOn: __, ...data } = command;
  return [{ type: 'BeneficiaryDataErased', data }];
}

/** S3, S4: an enrolment within the agreement's term, for a beneficiary whose data are kept. */
function enrollBeneficiary(command: BeneficiaryCommandOf<'EnrollBeneficiary'>, state: Registered): ServiceEvent[] {
  if (state.erased) throw refusal('S4', S4, 'the beneficiary’s data are erased: nothing more is recorded for them');
  const { agreement } = command;
  if (!agreement.signed) throw invalidField('agreementId', 'UNKNOWN_REFERENCE', `no agreement ${command.agreementId} is signed`);
  if (command.enrolledOn < agreement.startsOn || command.enrolledOn > agreement.endsOn)
    throw refusal('S3', S3, `the agreement runs from ${agreement.startsOn} to ${agreement.endsOn}`);
  if (command.endsOn !== null && command.endsOn < command.enrolledOn)
    throw invalidField('endsOn', 'DATE_ORDER', 'an enrolment cannot end before it starts');
  const { type: _, agreement: __, ...data } = command;
  return [{ type: 'BeneficiaryEnrolled', data }];
}

/** S4b: the last day a beneficiary could be served: each enrolment's end, never after its agreement's; the registration without any. */
function lastServiceDay(state: Extract<Beneficiary, { registered: true }>, agreementEndsOn: Record<string, string>): string {
  let last = state.registeredOn;
  for (const e of state.enrolments) {
    const agreementEnd = agreementEndsOn[e.agreementId] ?? e.endsOn ?? e.enrolledOn;
    const end = e.endsOn !== null && e.endsOn < agreementEnd ? e.endsOn : agreementEnd;
    if (end > last) last = end;
  }
  return last;
}

export const isMinor = (band: AgeBand) => band !== 'adult';

export const enrolledOn = (beneficiary: Beneficiary, agreementId: string, date: string) =>
  beneficiary.registered &&
  beneficiary.enrolments.some(
    (e) => e.agreementId === agreementId && e.enrolledOn <= date && (e.endsOn === null || e.endsOn >= date),
  );
