import type { RecordedEvent } from '../../platform/event-store/event-store.js';
import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import type { Projector } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import { sectionOf, type MemberCategory, type MembershipEvent } from '../domain/membership-events.js';

export const MEMBER_REGISTER = 'member-register';

export interface ApplicationDoc extends Doc {
  applicantKind: 'natural' | 'legal';
  applicant: SealedPersonalData;
  category: MemberCategory;
  appliedOn: string;
  status: 'pending' | 'admitted';
  memberId: string | null;
}

export interface MemberDoc extends Doc {
  memberNumber: number;
  applicationId: string;
  applicantKind: 'natural' | 'legal';
  /** Kept sealed: read through the vault, so an erased person reads as erased here too. */
  applicant: SealedPersonalData;
  category: MemberCategory;
  section: 'ordinary' | 'volunteers';
  admittedOn: string;
  boardResolutionId: string;
}

/** The member register (libro soci) and the applications it is fed from. */
export const memberRegisterProjector: Projector = {
  name: MEMBER_REGISTER,
  version: 1,
  eventTypes: ['MembershipApplied', 'MemberAdmitted'],
  async apply(recorded: RecordedEvent, context) {
    const applications = context.collection<ApplicationDoc>('applications');
    const members = context.collection<MemberDoc>('members');
    const event = recorded as unknown as MembershipEvent;
    switch (event.type) {
      case 'MembershipApplied': {
        const { applicationId, applicantKind, applicant, category, appliedOn } = event.data;
        await applications.replaceOne(
          { _id: applicationId },
          { _id: applicationId, applicantKind, applicant, category, appliedOn, status: 'pending', memberId: null },
          { upsert: true },
        );
        break;
      }
      case 'MemberAdmitted': {
        const { memberId, applicationId, memberNumber, category, admittedOn, boardResolutionId } = event.data;
        const application = await applications.findOne({ _id: applicationId });
        if (!application) throw new Error(`MemberAdmitted ${memberId} names unknown application ${applicationId}`);
        await members.replaceOne(
          { _id: memberId },
          {
            _id: memberId,
            memberNumber,
            applicationId,
            applicantKind: application.applicantKind,
            applicant: application.applicant,
            category,
            section: sectionOf(category),
            admittedOn,
            boardResolutionId,
          },
          { upsert: true },
        );
        await applications.updateOne({ _id: applicationId }, { $set: { status: 'admitted', memberId } });
        break;
      }
    }
  },
};
