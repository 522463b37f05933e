import { Module } from '@nestjs/common';
import type { ContextDefinition } from '../platform/runtime.js';
import { RecordOnWorkforceHandler, SignContractHandler } from './commands/work.handlers.js';
import { workEvents } from './domain/work-events.js';
import { WorkController } from './http/work.controller.js';
import { contractsProjector } from './projections/contracts.projection.js';
import { workMembersProjector } from './projections/work-members.projection.js';

/** Work: contracts of worker members and non-members, and the collective agreement's pay tables. */
export const workContext: ContextDefinition = {
  name: 'work',
  events: workEvents,
  projectors: [workMembersProjector, contractsProjector],
};

@Module({ controllers: [WorkController], providers: [SignContractHandler, RecordOnWorkforceHandler] })
export class WorkModule {}
