import { Module } from '@nestjs/common';
import type { ContextDefinition } from '../platform/runtime.js';
import { RecordPartnershipHandler } from './commands/partnership.handler.js';
import { cooperationEvents } from './domain/cooperation-events.js';
import { CooperationController } from './http/cooperation.controller.js';
import { partnershipsProjector } from './projections/partnerships.projection.js';

/** Cooperation with other cooperatives, consortia, Third-sector and public bodies. */
export const cooperationContext: ContextDefinition = {
  name: 'cooperation',
  events: cooperationEvents,
  projectors: [partnershipsProjector],
};

@Module({ controllers: [CooperationController], providers: [RecordPartnershipHandler] })
export class CooperationModule {}
