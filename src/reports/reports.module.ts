import { Module } from '@nestjs/common';
import { SocialReportController } from './http/social-report.controller.js';
import { SocialReportSourceReader } from './social-report.sources.js';

/** The cross-context reports: read other contexts' public queries, own no events yet. */
@Module({ controllers: [SocialReportController], providers: [SocialReportSourceReader] })
export class ReportsModule {}
