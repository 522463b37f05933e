import { Module } from '@nestjs/common';
import { ApplyForMembershipHandler } from './commands/apply-for-membership.handler.js';
import { DecideApplicationHandler } from './commands/decide-application.handler.js';
import { EraseMemberDataHandler } from './commands/erase-member-data.handler.js';
import { RecordOnRegisterHandler } from './commands/record-on-register.handler.js';
import { RecordSharesHandler, STATUTE } from './commands/record-shares.handler.js';
import { DecisionAuthority } from './commands/decision-authority.js';
import { MembershipCommandsController } from './http/membership-commands.controller.js';
import { MembershipReportsController } from './http/membership-reports.controller.js';
import { adoptedStatute } from './commands/statute-source.js';
import { ProjectionRunner } from '../platform/projections/projection-runner.js';
import { EVENT_STORE } from '../platform/http/tokens.js';

@Module({
  controllers: [MembershipCommandsController, MembershipReportsController],
  providers: [
    ApplyForMembershipHandler,
    DecideApplicationHandler,
    RecordOnRegisterHandler,
    EraseMemberDataHandler,
    RecordSharesHandler,
    DecisionAuthority,
    { provide: STATUTE, useFactory: adoptedStatute, inject: [ProjectionRunner, EVENT_STORE] },
  ],
})
export class MembershipModule {}
