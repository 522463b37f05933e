import { Module } from '@nestjs/common';
import { RecordPartnershipHandler } from './commands/partnership.handler.js';
import { CooperationController } from './http/cooperation.controller.js';

@Module({ controllers: [CooperationController], providers: [RecordPartnershipHandler] })
export class CooperationModule {}
