import { Controller, Get, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { businessDate, type Clock } from '../../platform/clock.js';
import { hoursOf } from '../../platform/dates.js';
import type { CommandMetadata } from '../../platform/commands/command-processor.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { CommandRoute, Operation, ValidBody, ValidParams, ValidQuery } from '../../platform/http/operation.js';
import { CommandMeta } from '../../platform/http/request-context.js';
import { EnrolVolunteer, LogVolunteerActivity, ReimburseVolunteer } from '../commands/work-requests.js';
import { CLOCK, VAULT } from '../../platform/http/tokens.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { RecordOnVolunteer } from '../commands/work.handlers.js';
import { EraseVolunteerData } from '../commands/erasure.handlers.js';
import { openCoverage } from './volunteer-register.controller.js';
import { isCoveredOn } from '../domain/volunteer.js';
import {
  WORK_VOLUNTEERS,
  type ReimbursementDoc,
  type VolunteerActivityDoc,
  type VolunteerDoc,
} from '../projections/volunteers.projection.js';
import { WORK_MEMBERS } from '../projections/work-members.projection.js';
import { personIdOf } from '../domain/work-events.js';
import { workerNames } from './worker-names.js';
import {
  ActivityBody,
  AsOfQuery,
  EnrolVolunteerBody,
  InsureBody,
  ReimbursementBody,
  VolunteerExitBody,
  VolunteerParams,
  YearQuery,
} from './work.schemas.js';
import { VolunteerAnswer, VolunteeringYearAnswer, VolunteersAnswer } from './work.answers.js';
import { refusalsOf } from '../commands/refusals.js';

const recorders = { roles: ['secretary', 'coordinator'], tags: ['work'], idempotent: true } as const;
const readers = {
  roles: ['secretary', 'board', 'coordinator'],
  tags: ['work'],
  readModels: [WORK_VOLUNTEERS, WORK_MEMBERS],
} as const;
type VolunteerId = { volunteerId: string };

/** Volunteers (L. 381/1991 art. 2): enrolment, insurance, activity, documented reimbursements (W3b, W4). */
@Controller('work/volunteers')
export class VolunteersController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @CommandRoute(undefined, {
    ...refusalsOf('EnrollVolunteer'),
    example: {
      request: {
        volunteer: {
          kind: 'non_member',
          givenName: 'Chiara',
          familyName: 'Ferrari',
          fiscalCode: 'FRRCHR90D52D969H',
          birthDate: '1990-04-12',
        },
        enrolledOn: '2026-03-02',
        unit: 'Nido Girasole',
        activity: 'lettura ad alta voce e laboratori creativi',
        contactWithMinors: true,
        criminalRecordCheckedOn: '2026-02-25',
      },
    },
    ...recorders,
    summary: 'Enrol a volunteer (W3b for work with minors; a member of the volunteer category, W4)',
    body: EnrolVolunteerBody,
  })
  enrol(@ValidBody() body: z.infer<typeof EnrolVolunteerBody>, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new EnrolVolunteer(body, meta));
  }

  @CommandRoute(':volunteerId/exit', {
    ...refusalsOf('EndVolunteering'),
    example: { request: { leftOn: '2026-07-31', reason: 'end_of_activity' } },
    ...recorders,
    summary: 'Record that the volunteer stopped volunteering (the exit in the register of volunteers, W4b)',
    params: VolunteerParams,
    body: VolunteerExitBody,
  })
  exit(
    @ValidParams() { volunteerId }: VolunteerId,
    @ValidBody() body: z.infer<typeof VolunteerExitBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(new RecordOnVolunteer({ type: 'EndVolunteering', volunteerId, ...body }, meta));
  }

  @CommandRoute(':volunteerId/erasure', {
    ...refusalsOf('EraseVolunteerData'),
    ...recorders,
    roles: ['secretary'],
    summary: 'Erase a non-member volunteer’s personal data (crypto-shredding), once the register’s retention has passed (W6)',
    description:
      'Refused (W6) until 10 years after the volunteer left (register of volunteers, CTS art. 17 c. 1, DM 6 ottobre 2021, kept as the books are: c.c. art. 2220 c. 1), and while the person’s work records are kept. A member volunteer is erased with the member.',
    params: VolunteerParams,
  })
  erase(@ValidParams() { volunteerId }: VolunteerId, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new EraseVolunteerData(volunteerId, meta));
  }

  @CommandRoute(':volunteerId/insurance', {
    ...refusalsOf('InsureVolunteer'),
    example: {
      request: {
        insurer: 'Cattolica Assicurazioni',
        policyNumber: 'VOL-2026-00042',
        coveredFrom: '2026-03-02',
        coveredUntil: '2026-12-31',
      },
    },
    ...recorders,
    summary: 'Record the volunteer’s insurance cover (W4)',
    params: VolunteerParams,
    body: InsureBody,
  })
  insure(
    @ValidParams() { volunteerId }: VolunteerId,
    @ValidBody() body: z.infer<typeof InsureBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(new RecordOnVolunteer({ type: 'InsureVolunteer', volunteerId, ...body }, meta));
  }

  @CommandRoute(':volunteerId/activities', {
    ...refusalsOf('LogVolunteerActivity'),
    example: { request: { date: '2026-03-05', minutes: 120, unit: 'Nido Girasole', activity: 'laboratorio di pittura' } },
    ...recorders,
    summary: 'Log a volunteer’s activity (refused without insurance on that day, W4)',
    params: VolunteerParams,
    body: ActivityBody,
  })
  log(
    @ValidParams() { volunteerId }: VolunteerId,
    @ValidBody() body: z.infer<typeof ActivityBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(new LogVolunteerActivity(volunteerId, body, meta));
  }

  @CommandRoute(':volunteerId/reimbursements', {
    ...refusalsOf('ReimburseVolunteerExpenses'),
    example: {
      request: {
        paidOn: '2026-03-31',
        expenses: [
          {
            date: '2026-03-05',
            description: 'biglietto AMT andata e ritorno',
            amountCents: 460,
            documentRef: 'AMT 2026-03-05 n. 118',
          },
        ],
      },
    },
    ...recorders,
    summary: 'Reimburse documented expenses of days with activity (W4: never pay)',
    params: VolunteerParams,
    body: ReimbursementBody,
  })
  reimburse(
    @ValidParams() { volunteerId }: VolunteerId,
    @ValidBody() body: z.infer<typeof ReimbursementBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(new ReimburseVolunteer(volunteerId, body, meta));
  }

  @Get()
  @Operation({
    response: VolunteersAnswer,
    ...readers,
    summary: 'Volunteers enrolled by a date, with whether they are insured on it',
    query: AsOfQuery,
  })
  async list(@ValidQuery() query: z.infer<typeof AsOfQuery>) {
    const asOf = query.asOf ?? businessDate(this.clock.now());
    const all = await this.projections
      .reader<VolunteerDoc>(WORK_VOLUNTEERS, 'volunteers')
      .find({ enrolledOn: { $lte: asOf } }, { sort: { enrolledOn: 1, _id: 1 } });
    const names = await workerNames(
      this.projections,
      this.vault,
      all.map((v) => v.volunteer),
    );
    return { asOf, volunteers: all.map((v) => this.view(v, asOf, names)) };
  }

  @Get(':volunteerId')
  @Operation({
    response: VolunteerAnswer,
    ...readers,
    summary: 'One volunteer: cover, hours, reimbursements',
    params: VolunteerParams,
  })
  async one(@ValidParams() { volunteerId }: VolunteerId) {
    const doc = await this.projections.reader<VolunteerDoc>(WORK_VOLUNTEERS, 'volunteers').findOne({ _id: volunteerId });
    if (!doc) throw new NotFoundError('volunteer', volunteerId);
    const today = businessDate(this.clock.now());
    return {
      ...this.view(doc, today, await workerNames(this.projections, this.vault, [doc.volunteer])),
      coverage: await openCoverage(this.vault, doc.coverage),
    };
  }

  @Get('reports/year')
  @Operation({
    response: VolunteeringYearAnswer,
    ...readers,
    summary: 'Volunteering in a year: volunteers active, hours by unit and month, reimbursements (for the social report)',
    query: YearQuery,
  })
  async year(@ValidQuery() { year }: z.infer<typeof YearQuery>) {
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const activities = await this.projections.reader<VolunteerActivityDoc>(WORK_VOLUNTEERS, 'activities').find({
      date: { $gte: from, $lte: to },
    });
    const reimbursements = await this.projections.reader<ReimbursementDoc>(WORK_VOLUNTEERS, 'reimbursements').find({
      paidOn: { $gte: from, $lte: to },
    });
    const byUnitMonth = new Map<string, { unit: string; month: string; minutes: number }>();
    for (const a of activities) {
      const key = `${a.unit}\u0000${a.date.slice(0, 7)}`;
      const line = byUnitMonth.get(key) ?? { unit: a.unit, month: a.date.slice(0, 7), minutes: 0 };
      line.minutes += a.minutes;
      byUnitMonth.set(key, line);
    }
    // The activity each volunteer gives, as enrolled (W4b); `null` on enrolments recorded before it was asked.
    const enrolled = new Map(
      (await this.projections.reader<VolunteerDoc>(WORK_VOLUNTEERS, 'volunteers').find()).map((v) => [v._id, v.activity ?? null]),
    );
    const byActivity = new Map<string | null, { volunteers: Set<string>; minutes: number }>();
    for (const a of activities) {
      const activity = enrolled.get(a.volunteerId) ?? null;
      const line = byActivity.get(activity) ?? { volunteers: new Set<string>(), minutes: 0 };
      line.volunteers.add(a.volunteerId);
      line.minutes += a.minutes;
      byActivity.set(activity, line);
    }
    return {
      year,
      volunteersActive: new Set(activities.map((a) => a.volunteerId)).size,
      byActivity: [...byActivity]
        .sort(([a], [b]) => (a ?? '\uffff').localeCompare(b ?? '\uffff'))
        .map(([activity, line]) => ({ activity, volunteers: line.volunteers.size, hours: hoursOf(line.minutes) })),
      hours: hoursOf(activities.reduce((n, a) => n + a.minutes, 0)),
      byUnitAndMonth: [...byUnitMonth.values()]
        .sort((a, b) => (a.unit === b.unit ? (a.month < b.month ? -1 : 1) : a.unit < b.unit ? -1 : 1))
        .map(({ minutes, ...line }) => ({ ...line, hours: hoursOf(minutes) })),
      reimbursements: reimbursements.length,
      reimbursedCents: reimbursements.reduce((n, r) => n + r.totalCents, 0),
    };
  }

  private view(doc: VolunteerDoc, date: string, names: Map<string, string | null>) {
    const id = personIdOf(doc.volunteer);
    return {
      volunteerId: doc._id,
      volunteer: { kind: doc.volunteer.kind, id, name: names.get(id) ?? null },
      enrolledOn: doc.enrolledOn,
      unit: doc.unit,
      contactWithMinors: doc.contactWithMinors,
      criminalRecordCheckedOn: doc.criminalRecordCheckedOn,
      insuredOn: isCoveredOn(doc.coverage, date),
      hours: hoursOf(doc.minutes),
      reimbursedCents: doc.reimbursedCents,
    };
  }
}
