import { Module } from '@nestjs/common';
import type { ContextDefinition } from '../platform/runtime.js';
import { CorrectDeliveryHandler } from './commands/correct-delivery.handler.js';
import { DeliverServiceHandler } from './commands/deliver-service.handler.js';
import { RecordServiceHandler } from './commands/record-service.handler.js';
import { reservationEvents } from './domain/reservations.js';
import { serviceEvents } from './domain/service-events.js';
import { ServiceReportsController } from './http/service-reports.controller.js';
import { ServicesController } from './http/services.controller.js';
import { serviceRequestHandlers } from './commands/service-requests.js';
import { deliveriesProjector } from './projections/deliveries.projection.js';
import { operatorsProjector } from './projections/operators.projection.js';

/** The services the cooperative delivers: units, agreements, beneficiaries, deliveries, surveys. */
export const servicesContext: ContextDefinition = {
  name: 'services',
  events: [...serviceEvents, ...reservationEvents],
  projectors: [operatorsProjector, deliveriesProjector],
};

@Module({
  controllers: [ServicesController, ServiceReportsController],
  providers: [RecordServiceHandler, DeliverServiceHandler, CorrectDeliveryHandler, ...serviceRequestHandlers],
})
export class ServicesModule {}
