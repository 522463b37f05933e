import { Module } from '@nestjs/common';
import { RecordOnVolunteerHandler, RecordOnWorkforceHandler, SignContractHandler } from './commands/work.handlers.js';
import { RecordWorkplaceHandler } from './commands/workplace.handler.js';
import { WorkplaceController } from './http/workplace.controller.js';
import { VolunteersController } from './http/volunteers.controller.js';
import { VolunteerRegisterController } from './http/volunteer-register.controller.js';
import { EraseVolunteerDataHandler, EraseWorkerDataHandler } from './commands/erasure.handlers.js';
import { WorkController } from './http/work.controller.js';
import { workRequestHandlers } from './commands/work-requests.js';

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
