import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { BusinessDate } from '../../platform/schemas/values.js';
import { businessDate, type Clock } from '../../platform/clock.js';
import { Operation, ValidQuery } from '../../platform/http/operation.js';
import { CLOCK, VAULT } from '../../platform/http/tokens.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { isCoveredOn } from '../domain/volunteer.js';
import { WORK_VOLUNTEERS, type VolunteerActivityDoc, type VolunteerDoc } from '../projections/volunteers.projection.js';
import { WORK_MEMBERS, type WorkMemberDoc } from '../projections/work-members.projection.js';
import {
  openCoverage,
  volunteerRegisterCsv,
  volunteerRegisterEntries,
  type VolunteerRegisterEntry,
} from '../projections/volunteer-register.js';
import { UncoveredActivityAnswer, VolunteerRegisterAnswer } from './work.answers.js';

export { openCoverage };

const RegisterQuery = z.object({
  asOf: BusinessDate.optional().describe('The register as it stood at the end of this day; today when absent'),
});
const ExportQuery = RegisterQuery.extend({ format: z.enum(['json', 'csv']).default('json') });

const readers = {
  roles: ['secretary', 'board', 'coordinator'],
  tags: ['work'],
  readModels: [WORK_VOLUNTEERS, WORK_MEMBERS],
} as const;

export type { VolunteerRegisterEntry };

/**
 * The register of volunteers (registro dei volontari, CTS art. 17 c. 1; DM 6 ottobre 2021;
 * W4b): a book of its own, apart from the member register, listing every volunteer, member
 * or not, with entry and exit, activity and insurance (W4), as of any date.
 */
@Controller('work/volunteer-register')
export class VolunteerRegisterController {
  constructor(
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Operation({
    response: VolunteerRegisterAnswer,
    ...readers,
    summary: 'The register of volunteers (registro dei volontari, CTS art. 17 c. 1; W4b) as of a date',
    query: RegisterQuery,
  })
  async register(@ValidQuery() query: z.infer<typeof RegisterQuery>) {
    const asOf = query.asOf ?? businessDate(this.clock.now());
    return { asOf, volunteers: await this.entries(asOf) };
  }

  @Get('export')
  @Operation({
    ...readers,
    summary: 'The whole register of volunteers as JSON or CSV, as of a date (W4b)',
    query: ExportQuery,
    produces: ['text/csv'],
  })
  async export(@ValidQuery() query: z.infer<typeof ExportQuery>, @Res({ passthrough: true }) response: Response) {
    const asOf = query.asOf ?? businessDate(this.clock.now());
    const entries = await this.entries(asOf);
    if (query.format === 'json') return { asOf, volunteers: entries };
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="registro-volontari-${asOf}.csv"`);
    return volunteerRegisterCsv(entries);
  }

  @Get('uncovered-activity')
  @Operation({
    response: UncoveredActivityAnswer,
    ...readers,
    summary: 'W4: activity logged on a day the volunteer had no insurance cover (L. 381/1991 art. 2 c. 4; CTS art. 18)',
    query: RegisterQuery,
  })
  async uncovered(@ValidQuery() query: z.infer<typeof RegisterQuery>) {
    const asOf = query.asOf ?? businessDate(this.clock.now());
    const volunteers = new Map(
      (await this.projections.reader<VolunteerDoc>(WORK_VOLUNTEERS, 'volunteers').find()).map((v) => [v._id, v]),
    );
    const activities = await this.projections
      .reader<VolunteerActivityDoc>(WORK_VOLUNTEERS, 'activities')
      .find({ date: { $lte: asOf } }, { sort: { date: 1, _id: 1 } });
    const uncovered = activities.filter((a) => !isCoveredOn(volunteers.get(a.volunteerId)?.coverage ?? [], a.date));
    return {
      asOf,
      basis: 'L. 381/1991 art. 2 c. 4; CTS art. 18',
      activities: uncovered.map((a) => ({
        activityId: a._id,
        volunteerId: a.volunteerId,
        date: a.date,
        minutes: a.minutes,
        unit: a.unit,
      })),
    };
  }

  private async entries(asOf: string): Promise<VolunteerRegisterEntry[]> {
    const all = await this.projections
      .reader<VolunteerDoc>(WORK_VOLUNTEERS, 'volunteers')
      .find({}, { sort: { enrolledOn: 1, _id: 1 } });
    const memberIds = all.flatMap((v) => (v.volunteer.kind === 'member' ? [v.volunteer.memberId] : []));
    const members = memberIds.length
      ? await this.projections.reader<WorkMemberDoc>(WORK_MEMBERS, 'members').find({ _id: { $in: memberIds } })
      : [];
    return volunteerRegisterEntries(all, new Map(members.map((m) => [m._id, m.person])), asOf, this.vault);
  }
}
