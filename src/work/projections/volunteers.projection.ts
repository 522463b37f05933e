import { defineProjector, type EventMapOf } from '../../platform/projections/define-projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import type { Coverage } from '../domain/volunteer.js';
import type { volunteerEvents, VolunteerPerson } from '../domain/volunteer-events.js';
import { personIdOf } from '../domain/work-events.js';
import type { WriteCollection } from '../../platform/read-models/read-model-store.js';

export const WORK_VOLUNTEERS = 'work-volunteers';

export interface VolunteerDoc extends Doc {
  volunteer: VolunteerPerson;
  /** The member's id or the non-member's one person id. */
  personId: string;
  enrolledOn: string;
  /** The activity the volunteer gives, as enrolled (absent on enrolments recorded before it was asked). */
  activity?: string | undefined;
  leftOn: string | null;
  leftReason: string | null;
  unit: string;
  contactWithMinors: boolean;
  criminalRecordCheckedOn: string | null;
  /** Each cover with its insurer and the policy number sealed for the volunteer. */
  coverage: Array<Coverage & { insurer: string; policy: SealedPersonalData }>;
  minutes: number;
  reimbursedCents: number;
}

export interface VolunteerActivityDoc extends Doc {
  volunteerId: string;
  date: string;
  minutes: number;
  unit: string;
}

/** A person's enrolments as volunteer, for W4c: whether they are an active volunteer over a contract's period. */
export interface VolunteerPersonDoc extends Doc {
  enrolments: Array<{ volunteerId: string; enrolledOn: string; leftOn: string | null }>;
}

export interface ReimbursementDoc extends Doc {
  volunteerId: string;
  paidOn: string;
  totalCents: number;
  expenses: number;
}

type VolunteerEvents = EventMapOf<typeof volunteerEvents>;

/** Volunteers, their cover, every activity (for hours by unit and month) and every reimbursement. */
export const volunteersProjector = defineProjector<VolunteerEvents>({
  name: WORK_VOLUNTEERS,
  version: 3,
  on: {
    async VolunteerEnrolled({ type, data }, context) {
      const { volunteerId, ...enrolment } = data;
      const personId = personIdOf(enrolment.volunteer);
      await context.collection<VolunteerDoc>('volunteers').replaceOne(
        { _id: volunteerId },
        {
          _id: volunteerId,
          ...enrolment,
          personId,
          leftOn: null,
          leftReason: null,
          coverage: [],
          minutes: 0,
          reimbursedCents: 0,
        },
        { upsert: true },
      );
      await upsertPerson(context.collection<VolunteerPersonDoc>('people'), personId, type, data);
    },
    async VolunteerLeft({ type, data }, context) {
      const { volunteerId, personId, leftOn, reason } = data;
      await context
        .collection<VolunteerDoc>('volunteers')
        .updateOne({ _id: volunteerId }, { $set: { leftOn, leftReason: reason } });
      await upsertPerson(context.collection<VolunteerPersonDoc>('people'), personId, type, data);
    },
    async VolunteerInsured({ data }, context) {
      const { volunteerId, ...cover } = data;
      await context.collection<VolunteerDoc>('volunteers').updateOne({ _id: volunteerId }, { $push: { coverage: cover } });
    },
    async VolunteerActivityLogged({ data }, context) {
      const { volunteerId, activityId, date, minutes, unit } = data;
      await context
        .collection<VolunteerActivityDoc>('activities')
        .replaceOne({ _id: activityId }, { _id: activityId, volunteerId, date, minutes, unit }, { upsert: true });
      await context.collection<VolunteerDoc>('volunteers').updateOne({ _id: volunteerId }, { $inc: { minutes } });
    },
    async VolunteerExpenseReimbursed({ data }, context) {
      const { volunteerId, reimbursementId, paidOn, totalCents, expenses } = data;
      await context
        .collection<ReimbursementDoc>('reimbursements')
        .replaceOne(
          { _id: reimbursementId },
          { _id: reimbursementId, volunteerId, paidOn, totalCents, expenses: expenses.length },
          { upsert: true },
        );
      await context
        .collection<VolunteerDoc>('volunteers')
        .updateOne({ _id: volunteerId }, { $inc: { reimbursedCents: totalCents } });
    },
  },
});

/** The event types that change a {@link VolunteerPersonDoc}, and the person each concerns. */
export const VOLUNTEER_PERSON_TYPES = ['VolunteerEnrolled', 'VolunteerLeft'];
export const volunteerPersonOf = (data: Record<string, unknown>): string | undefined =>
  typeof data.personId === 'string' ? data.personId : data.volunteer ? personIdOf(data.volunteer as VolunteerPerson) : undefined;

/** Folds an enrolment or an exit into the person's enrolments; folding one already held changes nothing. */
export function foldVolunteerPerson(
  doc: VolunteerPersonDoc | null,
  type: string,
  data: Record<string, unknown>,
): VolunteerPersonDoc | null {
  const personId = volunteerPersonOf(data);
  if (personId === undefined) return doc;
  const enrolments = doc?.enrolments ?? [];
  const volunteerId = data.volunteerId as string;
  if (type === 'VolunteerEnrolled') {
    if (enrolments.some((e) => e.volunteerId === volunteerId)) return doc;
    return { _id: personId, enrolments: [...enrolments, { volunteerId, enrolledOn: data.enrolledOn as string, leftOn: null }] };
  }
  if (type === 'VolunteerLeft' && doc)
    return {
      ...doc,
      enrolments: enrolments.map((e) => (e.volunteerId === volunteerId ? { ...e, leftOn: data.leftOn as string } : e)),
    };
  return doc;
}

async function upsertPerson(
  people: WriteCollection<VolunteerPersonDoc>,
  personId: string,
  type: string,
  data: Record<string, unknown>,
) {
  const doc = foldVolunteerPerson(await people.findOne({ _id: personId }), type, data);
  if (doc) await people.replaceOne({ _id: personId }, doc, { upsert: true });
}
