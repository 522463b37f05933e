import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GovernanceController } from '../governance/public.js';
import { BooksController } from '../governance/public.js';
import { MembershipReportsController } from '../membership/public.js';
import { ServicesController } from '../services/public.js';
import { VolunteersController } from '../work/public.js';
import { WorkController } from '../work/public.js';
import { WorkplaceController } from '../work/public.js';
import type { SocialReportSources } from './domain/social-report.js';

/**
 * Reads the API reports the social report rests on, through the very query methods that
 * answer them over HTTP (each context's public controller), never the contexts' domain: so
 * every figure of the report is the one the API gives for that year.
 */
@Injectable()
export class SocialReportSourceReader {
  constructor(@Inject(ModuleRef) private readonly modules: ModuleRef) {}

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
    const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
    return json({
      year,
      statute: await governance.statute(),
      composition: await membership.composition(),
      admissions: await membership.admissions({ year }),
      participation: await books.participation(),
      payRatio: await work.payRatio({ asOf: `${year}-12-31` }),
      training: await workplace.trainingReport({ year }),
      mutualPrevalence: await workplace.prevalence({ year }),
      volunteering: await volunteers.year({ year }),
      children: await services.children({ year }),
      surveys: await services.surveys({ year }),
      hours: await services.hoursReport({ from: `${year}-01`, to: `${year}-12` }),
    }) as unknown as SocialReportSources;
  }
}
