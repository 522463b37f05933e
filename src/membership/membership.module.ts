import { Module } from '@nestjs/common';
import type { ContextDefinition } from '../platform/runtime.js';
import { AdmitMemberHandler } from './commands/admit-member.handler.js';
import { ApplyForMembershipHandler } from './commands/apply-for-membership.handler.js';
import { membershipEvents } from './domain/membership-events.js';
import { MembershipController } from './http/membership.controller.js';
import { memberRegisterProjector } from './projections/member-register.projection.js';

/** Members and the member register (libro soci). */
export const membershipContext: ContextDefinition = {
  name: 'membership',
  events: membershipEvents,
  projectors: [memberRegisterProjector],
};

@Module({
  controllers: [MembershipController],
  providers: [ApplyForMembershipHandler, AdmitMemberHandler],
})
export class MembershipModule {}
