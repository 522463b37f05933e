import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import type { Projector } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';

export const WORK_MEMBERS = 'work-members';

export interface WorkMemberDoc extends Doc {
  admittedOn: string;
  endedOn: string | null;
  /** Every category the member has had, from its date (the first from admission). */
  categories: Array<{ from: string; category: string }>;
  /** The person as sealed in the application: opened through the vault for names, erased with it. */
  person: SealedPersonalData | null;
}

/** The register events that tell the work context who is a member, in which category, from when. */
export const MEMBER_FACT_TYPES = ['MemberAdmitted', 'MemberCategoryChanged', 'MembershipEnded'];

/**
 * The work context's own view of the members, built from membership's events (never from
 * its internals): what W1 asks of a worker member on the day their contract starts.
 */
export const workMembersProjector: Projector = {
  name: WORK_MEMBERS,
  version: 1,
  eventTypes: ['MembershipApplied', ...MEMBER_FACT_TYPES],
  async apply(event, context) {
    const members = context.collection<WorkMemberDoc>('members');
    const applicants = context.collection<Doc & { person: SealedPersonalData }>('applicants');
    switch (event.type) {
      case 'MembershipApplied': {
        const { applicationId, applicant } = event.data as { applicationId: string; applicant: SealedPersonalData };
        await applicants.replaceOne({ _id: applicationId }, { _id: applicationId, person: applicant }, { upsert: true });
        return;
      }
      default: {
        const data = event.data as Record<string, unknown>;
        const memberId = data.memberId as string;
        let member = foldMemberFact(await members.findOne({ _id: memberId }), event.type, data);
        if (!member) return;
        if (event.type === 'MemberAdmitted') {
          const applicant = await applicants.findOne({ _id: data.applicationId as string });
          member = { ...member, person: applicant?.person ?? null };
        }
        await members.replaceOne({ _id: memberId }, member, { upsert: true });
      }
    }
  },
};

/**
 * Folds one of {@link MEMBER_FACT_TYPES} into a member's facts. Applying an event the facts
 * already hold changes nothing, so facts read from the view may be brought forward with the
 * events after the view's position without caring where exactly the view stood.
 */
export function foldMemberFact(member: WorkMemberDoc | null, type: string, data: Record<string, unknown>): WorkMemberDoc | null {
  if (type === 'MemberAdmitted') {
    const admittedOn = data.admittedOn as string;
    return {
      _id: data.memberId as string,
      admittedOn,
      endedOn: null,
      categories: [{ from: admittedOn, category: data.category as string }],
      person: member?.person ?? null,
    };
  }
  if (!member) return member;
  if (type === 'MemberCategoryChanged') {
    const step = { from: data.changedOn as string, category: data.to as string };
    const known = member.categories.some((c) => c.from === step.from && c.category === step.category);
    return known ? member : { ...member, categories: [...member.categories, step] };
  }
  if (type === 'MembershipEnded') return { ...member, endedOn: data.endedOn as string };
  return member;
}

/** W1's facts: whether the member is in the register on a date, and in which category. */
export function memberOn(member: WorkMemberDoc | null, date: string): { activeOn: boolean; category: string | null } {
  if (!member || member.admittedOn > date || (member.endedOn !== null && member.endedOn <= date))
    return { activeOn: false, category: null };
  let category: string | null = null;
  for (const step of member.categories) if (step.from <= date) category = step.category;
  return { activeOn: true, category };
}
