import type { Handlers } from '../../platform/projections/define-projector.js';
import type { ApplicationDoc, MembershipEvents } from './member-register.projection.js';

/** The member register's applications: applied, rejected, appealed, the appeal decided (M1, M2). */
export const applicationHandlers: Handlers<MembershipEvents> = {
  async MembershipApplied({ data }, context) {
    const { applicationId, applicantKind, applicant, category, requestedShares, appliedOn } = data;
    await context.collection<ApplicationDoc>('applications').put({
      _id: applicationId,
      applicantKind,
      applicant,
      category,
      requestedShares,
      appliedOn,
      status: 'pending',
      memberId: null,
      admission: null,
      rejection: null,
      appeal: null,
      erasedOn: null,
    });
  },

  async AdmissionRejected({ data }, context) {
    const { applicationId, ...rejection } = data;
    await context
      .collection<ApplicationDoc>('applications')
      .updateOne({ _id: applicationId }, { $set: { status: 'rejected', rejection } });
  },

  async AdmissionAppealed({ data }, context) {
    await context.collection<ApplicationDoc>('applications').updateOne(
      { _id: data.applicationId },
      {
        $set: {
          status: 'appealed',
          appeal: { appealedOn: data.appealedOn, decidedOn: null, outcome: null, assemblyResolutionId: null },
        },
      },
    );
  },

  async AdmissionAppealDecided({ data }, context) {
    const { applicationId, outcome, decidedOn, assemblyResolutionId } = data;
    await context.collection<ApplicationDoc>('applications').updateOne(
      { _id: applicationId },
      {
        $set: {
          status: outcome === 'upheld' ? 'appeal-upheld' : 'appeal-dismissed',
          'appeal.decidedOn': decidedOn,
          'appeal.outcome': outcome,
          'appeal.assemblyResolutionId': assemblyResolutionId,
        },
      },
    );
  },
};
