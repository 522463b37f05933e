import type { Projector } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { Coverage } from '../domain/volunteer.js';
import type { VolunteerEvent, VolunteerPerson } from '../domain/volunteer-events.js';

export const WORK_VOLUNTEERS = 'work-volunteers';

export interface VolunteerDoc extends Doc {
  volunteer: VolunteerPerson;
  enrolledOn: string;
  unit: string;
  contactWithMinors: boolean;
  criminalRecordCheckedOn: string | null;
  coverage: Array<Coverage & { insurer: string; policyNumber: string }>;
  minutes: number;
  reimbursedCents: number;
}

export interface VolunteerActivityDoc extends Doc {
  volunteerId: string;
  date: string;
  minutes: number;
  unit: string;
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
  version: 1,
  eventTypes: ['VolunteerEnrolled', 'VolunteerInsured', 'VolunteerActivityLogged', 'VolunteerExpenseReimbursed'],
  async apply(recorded, context) {
    const volunteers = context.collection<VolunteerDoc>('volunteers');
    const event = recorded as unknown as VolunteerEvent;
    switch (event.type) {
      case 'VolunteerEnrolled': {
        const { volunteerId, ...data } = event.data;
        await volunteers.replaceOne(
          { _id: volunteerId },
          { _id: volunteerId, ...data, coverage: [], minutes: 0, reimbursedCents: 0 },
          { upsert: true },
        );
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
