import { Module } from '@nestjs/common';
import type { ContextDefinition } from '../platform/runtime.js';
import { ApplyForMembershipHandler } from './commands/apply-for-membership.handler.js';
import { DecideApplicationHandler } from './commands/decide-application.handler.js';
import { EraseMemberDataHandler } from './commands/erase-member-data.handler.js';
import { RecordOnRegisterHandler } from './commands/record-on-register.handler.js';
import { RecordSharesHandler, STATUTE, type StatuteSource } from './commands/record-shares.handler.js';
import { membershipEvents } from './domain/membership-events.js';
import { DecisionAuthority } from './commands/decision-authority.js';
import { boardInOfficeProjector } from './projections/board-in-office.projection.js';
import { LEGAL_DEFAULTS } from './domain/statute.js';
import { MembershipCommandsController } from './http/membership-commands.controller.js';
import { MembershipReportsController } from './http/membership-reports.controller.js';
import { memberRegisterProjector } from './projections/member-register.projection.js';
import { MEMBERSHIP_STATUTE, membershipStatuteProjector, type StatuteDoc } from './projections/statute.projection.js';
import { ProjectionRunner } from '../platform/projections/projection-runner.js';

/** Members and the member register (libro soci). */
export const membershipContext: ContextDefinition = {
  name: 'membership',
  events: membershipEvents,
  projectors: [memberRegisterProjector, membershipStatuteProjector, boardInOfficeProjector],
};

/** The settings governance adopted (read from membership's own projection of them), else the legal defaults. */
const statuteSource =
  (projections: ProjectionRunner): StatuteSource =>
  async () => {
    const adopted = await (await projections.collection<StatuteDoc>(MEMBERSHIP_STATUTE, 'current')).findOne({ _id: 'statute' });
    if (!adopted) return LEGAL_DEFAULTS;
    const { shareValueCents, maxHoldingCents, minimumMembers, specialCategory } = adopted;
    return { shareValueCents, maxHoldingCents, minimumMembers, specialCategory: specialCategory ?? false };
  };

@Module({
  controllers: [MembershipCommandsController, MembershipReportsController],
  providers: [
    ApplyForMembershipHandler,
    DecideApplicationHandler,
    RecordOnRegisterHandler,
    EraseMemberDataHandler,
    RecordSharesHandler,
    DecisionAuthority,
    { provide: STATUTE, useFactory: statuteSource, inject: [ProjectionRunner] },
  ],
})
export class MembershipModule {}
