import type { Projector } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import type { Coverage } from '../domain/volunteer.js';
import type { VolunteerEvent, VolunteerPerson } from '../domain/volunteer-events.js';
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

/** Volunteers, their cover, every activity (for hours by unit and month) and every reimbursement. */
export const volunteersProjector: Projector = {
  name: WORK_VOLUNTEERS,
  version: 3,
  eventTypes: ['VolunteerEnrolled', 'VolunteerInsured', 'VolunteerActivityLogged', 'VolunteerExpenseReimbursed', 'VolunteerLeft'],
  async apply(recorded, context) {
    const volunteers = context.collection<VolunteerDoc>('volunteers');
    const event = recorded as unknown as VolunteerEvent;
    switch (event.type) {
      case 'VolunteerEnrolled': {
        const { volunteerId, ...data } = event.data;
        const personId = personIdOf(data.volunteer);
        await volunteers.replaceOne(
          { _id: volunteerId },
          { _id: volunteerId, ...data, personId, leftOn: null, leftReason: null, coverage: [], minutes: 0, reimbursedCents: 0 },
          { upsert: true },
        );
        await upsertPerson(context.collection<VolunteerPersonDoc>('people'), personId, event.type, event.data);
        return;
      }
      case 'VolunteerLeft': {
        const { volunteerId, personId, leftOn, reason } = event.data;
        await volunteers.updateOne({ _id: volunteerId }, { $set: { leftOn, leftReason: reason } });
        await upsertPerson(context.collection<VolunteerPersonDoc>('people'), personId, event.type, event.data);
        return;
      }
      case 'VolunteerInsured': {
        const { volunteerId, ...cover } = event.data;
        await volunteers.updateOne({ _id: volunteerId }, { $push: { coverage: cover } });
        return;
      }
      case 'VolunteerActivityLogged': {
        const { volunteerId, activityId, date, minutes, unit } = event.data;
        await context
          .collection<VolunteerActivityDoc>('activities')
          .replaceOne({ _id: activityId }, { _id: activityId, volunteerId, date, minutes, unit }, { upsert: true });
        await volunteers.updateOne({ _id: volunteerId }, { $inc: { minutes } });
        return;
      }
      case 'VolunteerExpenseReimbursed': {
        const { volunteerId, reimbursementId, paidOn, totalCents, expenses } = event.data;
        await context
          .collection<ReimbursementDoc>('reimbursements')
          .replaceOne(
            { _id: reimbursementId },
            { _id: reimbursementId, volunteerId, paidOn, totalCents, expenses: expenses.length },
            { upsert: true },
          );
        await volunteers.updateOne({ _id: volunteerId }, { $inc: { reimbursedCents: totalCents } });
        return;
      }
    }
  },
};

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
