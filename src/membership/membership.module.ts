import { Module } from '@nestjs/common';
import type { ContextDefinition } from '../platform/runtime.js';
import { ApplyForMembershipHandler } from './commands/apply-for-membership.handler.js';
import { DecideApplicationHandler } from './commands/decide-application.handler.js';
import { EraseMemberDataHandler } from './commands/erase-member-data.handler.js';
import { RecordOnRegisterHandler } from './commands/record-on-register.handler.js';
import { RecordSharesHandler, STATUTE, type StatuteSource } from './commands/record-shares.handler.js';
import { membershipEvents } from './domain/membership-events.js';
import { LEGAL_DEFAULTS } from './domain/statute.js';
import { MembershipCommandsController } from './http/membership-commands.controller.js';
import { MembershipReportsController } from './http/membership-reports.controller.js';
import { memberRegisterProjector } from './projections/member-register.projection.js';

/** Members and the member register (libro soci). */
export const membershipContext: ContextDefinition = {
  name: 'membership',
  events: membershipEvents,
  projectors: [memberRegisterProjector],
};

/** Until governance adopts statute settings by an event, the legal defaults apply. */
const legalDefaults: StatuteSource = async () => LEGAL_DEFAULTS;

@Module({
  controllers: [MembershipCommandsController, MembershipReportsController],
  providers: [
    ApplyForMembershipHandler,
    DecideApplicationHandler,
    RecordOnRegisterHandler,
    EraseMemberDataHandler,
    RecordSharesHandler,
    { provide: STATUTE, useValue: legalDefaults },
  ],
})
export class MembershipModule {}
