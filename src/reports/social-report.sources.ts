import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CooperationController } from '../cooperation/public.js';
import { GovernanceController } from '../governance/public.js';
import { BooksController } from '../governance/public.js';
import { MembershipReportsController } from '../membership/public.js';
import { ServiceReportsController, ServicesController } from '../services/public.js';
import { VolunteersController } from '../work/public.js';
import { WorkController } from '../work/public.js';
import { WorkplaceController } from '../work/public.js';
import { CommandProcessor } from '../platform/commands/command-processor.js';
import { socialReportDecider, socialReportStream } from './domain/social-report-approval.js';
import type { SocialReportSources } from './domain/social-report.js';

/** The economic document of a year as `GET /reports/social/{year}/economic-document` gives it. */
export async function economicDocumentOf(commands: CommandProcessor, year: number) {
  const { state } = await commands.load(socialReportStream(year), socialReportDecider);
  return { year, document: state.economicDocument };
}

/**
 * Reads the API reports the social report rests on, through the very query methods that
 * answer them over HTTP (each context's public controller), never the contexts' domain: so
 * every figure of the report is the one the API gives for that year.
 */
@Injectable()
export class SocialReportSourceReader {
  constructor(
    @Inject(ModuleRef) private readonly modules: ModuleRef,
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
  ) {}

  private controller<T>(type: new (...args: never[]) => T): T {
    return this.modules.get(type as never, { strict: false }) as T;
  }

  async read(year: number): Promise<SocialReportSources> {
    const membership = this.controller(MembershipReportsController);
    const governance = this.controller(GovernanceController);
    const books = this.controller(BooksController);
    const work = this.controller(WorkController);
    const workplace = this.controller(WorkplaceController);
    const volunteers = this.controller(VolunteersController);
    const services = this.controller(ServicesController);
    const serviceReports = this.controller(ServiceReportsController);
    const cooperation = this.controller(CooperationController);
    const end = `${year}-12-31`;
    const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
    return json({
      year,
      statute: await governance.statute(),
      units: await services.units(),
      register: await membership.year({ year }),
      admissions: await membership.admissions({ year }),
      participation: await books.participation(),
      board: await governance.boards(),
      boardMeetings: (await books.boardBook({ year })).json,
      partnerships: await cooperation.list({ asOf: end }),
      workforce: await work.workforce({ asOf: end }),
      payRatio: await work.payRatio({ asOf: end }),
      training: await workplace.trainingReport({ year }),
      mutualPrevalence: await workplace.prevalence({ year }),
      volunteering: await volunteers.year({ year }),
      children: await serviceReports.children({ year }),
      surveys: await serviceReports.surveys({ year }),
      hours: await serviceReports.hoursReport({ from: `${year}-01`, to: `${year}-12` }),
      economicDocument: await economicDocumentOf(this.commands, year),
    }) as unknown as SocialReportSources;
  }
}
