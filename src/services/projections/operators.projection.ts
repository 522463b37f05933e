import { defineProjector, type EventMapOf } from '../../platform/projections/define-projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import { personIdOf, type volunteerEvents, type workEvents } from '../../work/public-events.js';

/** The work context's events this view reads: contracts and volunteers. */
type WorkEvents = EventMapOf<typeof workEvents> & EventMapOf<typeof volunteerEvents>;

export const SERVICE_OPERATORS = 'service-operators';

/** A contract as S1 and W3b need it: whose, from when to when, the criminal-record check. */
export interface StaffDoc extends Doc {
  personId: string;
  startsOn: string;
  /** The term as signed, then each amendment of it from its date. */
  endsOn: Array<{ from: string; endsOn: string | null }>;
  endedOn: string | null;
  criminalRecordCheckedOn: string | null;
}

export interface VolunteerOperatorDoc extends Doc {
  personId: string;
  enrolledOn: string;
  coverage: Array<{ coveredFrom: string; coveredUntil: string }>;
  criminalRecordCheckedOn: string | null;
  /** The volunteer's exit: the cover above is cut at it. */
  leftOn?: string | null;
}

/**
 * The services context's own view of who may deliver (S1, W3b), built from the work
 * context's events: contracts with their terms and ends, volunteers with their cover. Each
 * is kept under the person the event names: a member's id, or a non-member's one person id
 * (derived from their fiscal code's blind index), so S3 finds one person under two contracts
 * or under a contract and an enrolment.
 */
export const operatorsProjector = defineProjector<WorkEvents>({
  name: SERVICE_OPERATORS,
  version: 2,
  on: {
    async ContractSigned({ data }, context) {
      await context.collection<StaffDoc>('staff').replaceOne(
        { _id: data.contractId },
        {
          _id: data.contractId,
          personId: personIdOf(data.worker),
          startsOn: data.startsOn,
          endsOn: [{ from: data.startsOn, endsOn: data.endsOn }],
          endedOn: null,
          criminalRecordCheckedOn: data.criminalRecordCheckedOn,
        },
        { upsert: true },
      );
    },
    async ContractAmended({ data }, context) {
      const changes: { endsOn?: string | null } = data.changes;
      if (changes.endsOn === undefined) return;
      await context
        .collection<StaffDoc>('staff')
        .updateOne({ _id: data.contractId }, { $push: { endsOn: { from: data.effectiveFrom, endsOn: changes.endsOn } } });
    },
    async ContractEnded({ data }, context) {
      await context.collection<StaffDoc>('staff').updateOne({ _id: data.contractId }, { $set: { endedOn: data.endedOn } });
    },
    async VolunteerEnrolled({ data }, context) {
      await context.collection<VolunteerOperatorDoc>('volunteers').replaceOne(
        { _id: data.volunteerId },
        {
          _id: data.volunteerId,
          personId: personIdOf(data.volunteer),
          enrolledOn: data.enrolledOn,
          coverage: [],
          criminalRecordCheckedOn: data.criminalRecordCheckedOn,
        },
        { upsert: true },
      );
    },
    async VolunteerInsured({ data }, context) {
      await context
        .collection<VolunteerOperatorDoc>('volunteers')
        .updateOne(
          { _id: data.volunteerId },
          { $push: { coverage: { coveredFrom: data.coveredFrom, coveredUntil: data.coveredUntil } } },
        );
    },
    async VolunteerLeft({ data }, context) {
      // S1: a volunteer who left delivers no more; the cover this view keeps ends with the exit.
      const volunteers = context.collection<VolunteerOperatorDoc>('volunteers');
      const doc = await volunteers.findOne({ _id: data.volunteerId });
      if (!doc) return;
      const leftOn = data.leftOn;
      const coverage = doc.coverage
        .filter((c) => c.coveredFrom <= leftOn)
        .map((c) => ({ ...c, coveredUntil: c.coveredUntil > leftOn ? leftOn : c.coveredUntil }));
      await volunteers.updateOne({ _id: doc._id }, { $set: { coverage, leftOn } });
    },
  },
});

/** S1: a contract in force on a date (started, not past its term as amended by then, not ended before). */
export function staffInForce(doc: StaffDoc, date: string): boolean {
  if (doc.startsOn > date || (doc.endedOn !== null && doc.endedOn < date)) return false;
  let endsOn: string | null = null;
  for (const step of [...doc.endsOn].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)))
    if (step.from <= date) endsOn = step.endsOn;
  return endsOn === null || endsOn >= date;
}
