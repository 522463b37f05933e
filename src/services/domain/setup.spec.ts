import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import type { ServiceEvent } from './service-events.js';
import { agreementDecider, beneficiaryDecider, unitDecider, type Agreement, type Unit } from './setup.js';
import { surveyDecider } from './surveys.js';

const uuid = (prefix: string, n: number) => `${prefix}000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const unitId = uuid('a1', 1);
const agreementId = uuid('a2', 1);
const beneficiaryId = uuid('b1', 1);
const clientId = uuid('f1', 1);
const person: SealedPersonalData = { subject: beneficiaryId, scheme: 'none', fields: { givenName: 'Bimbo' } };
const at = (date: string) => new Date(`${date}T10:00:00Z`);

const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('the command was accepted');
};

const opened: ServiceEvent = {
  type: 'ServiceUnitOpened',
  data: { unitId, name: 'Nido', kind: 'nursery', capacity: 30, childrenPerStaff: 6, openedOn: '2025-09-01' },
};
const unit: Unit = unitDecider.evolve(unitDecider.initialState(), opened);
const terms = {
  agreementId,
  unitId,
  service: 'asilo nido',
  hoursBudget: 100,
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  legalForm: { kind: 'private' as const },
  overBudget: 'refuse' as const,
  signedOn: '2025-12-15',
};
const familySigned: ServiceEvent = {
  type: 'ServiceAgreementSigned',
  data: { ...terms, client: { kind: 'family', clientId, person: { ...person, subject: clientId } } },
};
const agreement: Agreement = agreementDecider.evolve(agreementDecider.initialState(), familySigned);
const registered: ServiceEvent = {
  type: 'BeneficiaryRegistered',
  data: { beneficiaryId, person, ageBand: '0-2', registeredOn: '2026-01-05' },
};
const enrolled: ServiceEvent = {
  type: 'BeneficiaryEnrolled',
  data: { beneficiaryId, agreementId, enrolledOn: '2026-01-07', endsOn: null },
};

describe('services: units, agreements, beneficiaries and surveys', () => {
  describe('references that name nothing are invalid fields (400 UNKNOWN_REFERENCE), never recorded', () => {
    it('an agreement for a unit that is not open', () =>
      expect(
        thrown(() =>
          given(agreementDecider)
            .when({ type: 'SignServiceAgreement', unit: { opened: false }, ...terms, client: { kind: 'school', name: 'IC' } })
            .events(),
        ),
      ).toMatchObject({ name: 'InvalidCommandField', code: 'UNKNOWN_REFERENCE', field: 'unitId' }));

    it('an enrolment in an agreement that is not signed', () =>
      expect(
        thrown(() =>
          given(beneficiaryDecider, [registered])
            .when({
              type: 'EnrollBeneficiary',
              agreement: { signed: false },
              beneficiaryId,
              agreementId,
              enrolledOn: '2026-01-07',
              endsOn: null,
            })
            .events(),
        ),
      ).toMatchObject({ name: 'InvalidCommandField', code: 'UNKNOWN_REFERENCE', field: 'agreementId' }));

    it('a survey of a unit that is not open', () =>
      expect(
        thrown(() =>
          given(surveyDecider)
            .when({
              type: 'RecordSurvey',
              kind: 'wellbeing',
              unit: { opened: false },
              surveyId: uuid('e1', 1),
              unitId,
              period: '2026',
              responses: 10,
              meanScore: 4,
              recordedOn: '2026-03-01',
            })
            .events(),
        ),
      ).toMatchObject({ name: 'InvalidCommandField', code: 'UNKNOWN_REFERENCE', field: 'unitId' }));

    it('a beneficiary named in the URL who is not registered is a 404', () =>
      expect(
        thrown(() =>
          given(beneficiaryDecider)
            .when({ type: 'EraseBeneficiaryData', beneficiaryId, erasedOn: '2026-03-02', agreementEndsOn: {} })
            .events(),
        ),
      ).toMatchObject({ name: 'NotFoundError', resource: 'beneficiary' }));
  });

  describe('clashes with the recorded state are 409, with a stable code', () => {
    it('UNIT_EXISTS, AGREEMENT_EXISTS, BENEFICIARY_EXISTS, SURVEY_RECORDED', () => {
      expect(
        thrown(() =>
          given(unitDecider, [opened])
            .when({ type: 'OpenServiceUnit', ...opened.data })
            .events(),
        ),
      ).toMatchObject({ name: 'StateConflict', code: 'UNIT_EXISTS' });
      expect(
        thrown(() =>
          given(agreementDecider, [familySigned])
            .when({ type: 'SignServiceAgreement', unit, ...familySigned.data })
            .events(),
        ),
      ).toMatchObject({ name: 'StateConflict', code: 'AGREEMENT_EXISTS' });
      expect(
        thrown(() =>
          given(beneficiaryDecider, [registered])
            .when({ type: 'RegisterBeneficiary', ...registered.data })
            .events(),
        ),
      ).toMatchObject({ name: 'StateConflict', code: 'BENEFICIARY_EXISTS' });
      const survey = {
        type: 'RecordSurvey' as const,
        kind: 'wellbeing' as const,
        unit,
        surveyId: uuid('e1', 2),
        unitId,
        period: '2026',
        responses: 10,
        meanScore: 4,
        recordedOn: '2026-03-01',
      };
      const first = given(surveyDecider).when(survey).events();
      expect(thrown(() => given(surveyDecider, first).when(survey).events())).toMatchObject({
        name: 'StateConflict',
        code: 'SURVEY_RECORDED',
      });
    });
  });

  describe('fields the schema cannot check are 400 with their path', () => {
    it('DATE_IN_FUTURE by the injected clock, DATE_ORDER within the request', () => {
      expect(
        thrown(() =>
          given(unitDecider)
            .when({ type: 'OpenServiceUnit', ...opened.data, openedOn: '2026-03-03' })
            .events(),
        ),
      ).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'openedOn' });
      expect(
        thrown(() =>
          given(agreementDecider)
            .when({ type: 'SignServiceAgreement', unit, ...familySigned.data, endsOn: '2025-12-31' })
            .events(),
        ),
      ).toMatchObject({ code: 'DATE_ORDER', field: 'endsOn' });
      expect(
        thrown(() =>
          given(beneficiaryDecider, [registered])
            .when({ type: 'EnrollBeneficiary', agreement, ...enrolled.data, endsOn: '2026-01-06' })
            .events(),
        ),
      ).toMatchObject({ code: 'DATE_ORDER', field: 'endsOn' });
    });
  });

  describe('S4b: erasure waits for the end of the retention period', () => {
    it('S4b refuses erasing a family client before ten years from the agreement’s end (c.c. art. 2220)', () => {
      given(agreementDecider, [familySigned])
        .when({ type: 'EraseClientData', agreementId, erasedOn: '2036-12-31' }, at('2036-12-31'))
        .thenRefuses('S4b', 'c.c. art. 2220 c. 1; Reg. (UE) 2016/679 art. 17 c. 3 lett. b');
      given(agreementDecider, [familySigned])
        .when({ type: 'EraseClientData', agreementId, erasedOn: '2037-01-01' }, at('2037-01-01'))
        .then([{ type: 'ServiceClientDataErased', data: { agreementId, clientId, erasedOn: '2037-01-01' } }]);
    });

    it('erasing a body’s client data, or erasing twice, clashes with the recorded state', () => {
      const bodySigned: ServiceEvent = {
        type: 'ServiceAgreementSigned',
        data: { ...terms, client: { kind: 'municipality', name: 'Comune di Genova' } },
      };
      expect(
        thrown(() =>
          given(agreementDecider, [bodySigned])
            .when({ type: 'EraseClientData', agreementId, erasedOn: '2037-01-01' }, at('2037-01-01'))
            .events(),
        ),
      ).toMatchObject({ name: 'StateConflict', code: 'CLIENT_NOT_A_PERSON' });
      const erased: ServiceEvent = { type: 'ServiceClientDataErased', data: { agreementId, clientId, erasedOn: '2037-01-01' } };
      expect(
        thrown(() =>
          given(agreementDecider, [familySigned, erased])
            .when({ type: 'EraseClientData', agreementId, erasedOn: '2037-01-02' }, at('2037-01-02'))
            .events(),
        ),
      ).toMatchObject({ name: 'StateConflict', code: 'ALREADY_ERASED' });
    });

    it('S4b refuses erasing a beneficiary before ten years from the last day they could be served', () => {
      const erase = (erasedOn: string, agreementEndsOn: Record<string, string> = { [agreementId]: '2026-12-31' }) =>
        given(beneficiaryDecider, [registered, enrolled]).when(
          { type: 'EraseBeneficiaryData', beneficiaryId, erasedOn, agreementEndsOn },
          at(erasedOn),
        );
      // An open enrolment lasts as long as its agreement: 2026-12-31, kept until 2036-12-31.
      erase('2036-12-31').thenRefuses('S4b', 'c.c. art. 2220 c. 1; c.c. art. 2946; Reg. (UE) 2016/679 art. 17 c. 3 lett. b, e');
      erase('2037-01-01').then([{ type: 'BeneficiaryDataErased', data: { beneficiaryId, erasedOn: '2037-01-01' } }]);
      // An enrolment that ended earlier starts the period earlier.
      const ended: ServiceEvent = { ...enrolled, data: { ...enrolled.data, endsOn: '2026-06-30' } } as ServiceEvent;
      given(beneficiaryDecider, [registered, ended])
        .when(
          {
            type: 'EraseBeneficiaryData',
            beneficiaryId,
            erasedOn: '2036-07-01',
            agreementEndsOn: { [agreementId]: '2026-12-31' },
          },
          at('2036-07-01'),
        )
        .then([{ type: 'BeneficiaryDataErased', data: { beneficiaryId, erasedOn: '2036-07-01' } }]);
      // Never enrolled: from the registration.
      given(beneficiaryDecider, [registered])
        .when({ type: 'EraseBeneficiaryData', beneficiaryId, erasedOn: '2036-01-05', agreementEndsOn: {} }, at('2036-01-05'))
        .thenRefuses('S4b');
    });

    it('S4 refuses enrolling an erased beneficiary; erasing twice is a 409', () => {
      const erased: ServiceEvent = { type: 'BeneficiaryDataErased', data: { beneficiaryId, erasedOn: '2037-01-01' } };
      given(beneficiaryDecider, [registered, enrolled, erased])
        .when({ type: 'EnrollBeneficiary', agreement, ...enrolled.data }, at('2037-01-02'))
        .thenRefuses('S4', 'Reg. (UE) 2016/679 art. 17');
      expect(
        thrown(() =>
          given(beneficiaryDecider, [registered, enrolled, erased])
            .when({ type: 'EraseBeneficiaryData', beneficiaryId, erasedOn: '2037-01-02', agreementEndsOn: {} }, at('2037-01-02'))
            .events(),
        ),
      ).toMatchObject({ name: 'StateConflict', code: 'ALREADY_ERASED' });
    });
  });
});
