import type { Projector } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import { personIdOf } from '../../work/public.js';

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

type PersonRef = Parameters<typeof personIdOf>[0];

/**
 * The services context's own view of who may deliver (S1, W3b), built from the work
 * context's events: contracts with their terms and ends, volunteers with their cover. Each
 * is kept under the person the event names: a member's id, or a non-member's one person id
 * (derived from their fiscal code's blind index), so S3 finds one person under two contracts
 * or under a contract and an enrolment.
 */
export const operatorsProjector: Projector = {
  name: SERVICE_OPERATORS,
  version: 2,
  eventTypes: ['ContractSigned', 'ContractAmended', 'ContractEnded', 'VolunteerEnrolled', 'VolunteerInsured', 'VolunteerLeft'],
  async apply(event, context) {
    const staff = context.collection<StaffDoc>('staff');
    const volunteers = context.collection<VolunteerOperatorDoc>('volunteers');
    const data = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'ContractSigned': {
        const contractId = data.contractId as string;
        await staff.replaceOne(
          { _id: contractId },
          {
            _id: contractId,
            personId: personIdOf(data.worker as PersonRef),
            startsOn: data.startsOn as string,
            endsOn: [{ from: data.startsOn as string, endsOn: data.endsOn as string | null }],
            endedOn: null,
            criminalRecordCheckedOn: data.criminalRecordCheckedOn as string | null,
          },
          { upsert: true },
        );
        return;
      }
      case 'ContractAmended': {
        const changes = data.changes as { endsOn?: string | null };
        if (changes.endsOn === undefined) return;
        await staff.updateOne(
          { _id: data.contractId as string },
          { $push: { endsOn: { from: data.effectiveFrom as string, endsOn: changes.endsOn } } },
        );
        return;
      }
      case 'ContractEnded':
        await staff.updateOne({ _id: data.contractId as string }, { $set: { endedOn: data.endedOn as string } });
        return;
      case 'VolunteerEnrolled': {
        const volunteerId = data.volunteerId as string;
        await volunteers.replaceOne(
          { _id: volunteerId },
          {
            _id: volunteerId,
            personId: personIdOf(data.volunteer as PersonRef),
            enrolledOn: data.enrolledOn as string,
            coverage: [],
            criminalRecordCheckedOn: data.criminalRecordCheckedOn as string | null,
          },
          { upsert: true },
        );
        return;
      }
      case 'VolunteerInsured':
        await volunteers.updateOne(
          { _id: data.volunteerId as string },
          { $push: { coverage: { coveredFrom: data.coveredFrom as string, coveredUntil: data.coveredUntil as string } } },
        );
        return;
      case 'VolunteerLeft': {
        // S1: a volunteer who left delivers no more; the cover this view keeps ends with the exit.
        const doc = await volunteers.findOne({ _id: data.volunteerId as string });
        if (!doc) return;
        const leftOn = data.leftOn as string;
        const coverage = doc.coverage
          .filter((c) => c.coveredFrom <= leftOn)
          .map((c) => ({ ...c, coveredUntil: c.coveredUntil > leftOn ? leftOn : c.coveredUntil }));
        await volunteers.updateOne({ _id: doc._id }, { $set: { coverage, leftOn } });
        return;
      }
    }
  },
};

/** S1: a contract in force on a date (started, not past its term as amended by then, not ended before). */
export function staffInForce(doc: StaffDoc, date: string): boolean {
  if (doc.startsOn > date || (doc.endedOn !== null && doc.endedOn < date)) return false;
  let endsOn: string | null = null;
  for (const step of [...doc.endsOn].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)))
    if (step.from <= date) endsOn = step.endsOn;
  return endsOn === null || endsOn >= date;
}
