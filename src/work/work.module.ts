import { Module } from '@nestjs/common';
import type { ContextDefinition } from '../platform/runtime.js';
import { RecordOnVolunteerHandler, RecordOnWorkforceHandler, SignContractHandler } from './commands/work.handlers.js';
import { volunteerEvents } from './domain/volunteer-events.js';
import { workplaceEvents } from './domain/workplace-events.js';
import { RecordWorkplaceHandler } from './commands/workplace.handler.js';
import { WorkplaceController } from './http/workplace.controller.js';
import { workplaceProjector } from './projections/workplace.projection.js';
import { VolunteersController } from './http/volunteers.controller.js';
import { VolunteerRegisterController } from './http/volunteer-register.controller.js';
import { volunteersProjector } from './projections/volunteers.projection.js';
import { workEvents } from './domain/work-events.js';
import { EraseVolunteerDataHandler, EraseWorkerDataHandler } from './commands/erasure.handlers.js';
import { WorkController } from './http/work.controller.js';
import { workRequestHandlers } from './commands/work-requests.js';
import { contractsProjector } from './projections/contracts.projection.js';
import { workMembersProjector } from './projections/work-members.projection.js';

/** Work: contracts of worker members and non-members, the collective agreement's pay tables, volunteers. */
export const workContext: ContextDefinition = {
  name: 'work',
  events: [...workEvents, ...volunteerEvents, ...workplaceEvents],
  projectors: [workMembersProjector, contractsProjector, volunteersProjector, workplaceProjector],
};

@Module({
  controllers: [WorkController, VolunteersController, VolunteerRegisterController, WorkplaceController],
  providers: [
    ...workRequestHandlers,
    SignContractHandler,
    RecordOnWorkforceHandler,
    RecordOnVolunteerHandler,
    RecordWorkplaceHandler,
    EraseWorkerDataHandler,
    EraseVolunteerDataHandler,
  ],
})
export class WorkModule {}
