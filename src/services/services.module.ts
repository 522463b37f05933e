import { Module } from '@nestjs/common';
import { CorrectDeliveryHandler } from './commands/correct-delivery.handler.js';
import { DeliverServiceHandler } from './commands/deliver-service.handler.js';
import { RecordServiceHandler } from './commands/record-service.handler.js';
import { ServiceReportsController } from './http/service-reports.controller.js';
import { ServicesController } from './http/services.controller.js';
import { serviceRequestHandlers } from './commands/service-requests.js';

@Module({
  controllers: [ServicesController, ServiceReportsController],
  providers: [RecordServiceHandler, DeliverServiceHandler, CorrectDeliveryHandler, ...serviceRequestHandlers],
})
export class ServicesModule {}
