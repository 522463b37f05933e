import { Module } from '@nestjs/common';
import { SocialReportController } from './http/social-report.controller.js';
import { SocialReportSourceReader } from './social-report.sources.js';

/** The cross-context reports: they read other contexts' public queries, and own one event, the social report's approval. */
@Module({ controllers: [SocialReportController], providers: [SocialReportSourceReader] })
export class ReportsModule {}
