import { Controller, Get, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { businessDate, type Clock } from '../../platform/clock.js';
import type { CommandMetadata } from '../../platform/commands/command-processor.js';
import { RecordWorkplace } from '../commands/workplace.handler.js';
import { addDays, daysBetween } from '../../platform/dates.js';
import { CommandRoute, Operation, ValidBody, ValidParams, ValidQuery } from '../../platform/http/operation.js';
import { CommandMeta } from '../../platform/http/request-context.js';
import { AdoptRegulation, RecordTraining } from '../commands/work-requests.js';
import { CLOCK } from '../../platform/http/tokens.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { LABOUR_COST_STREAM, REGULATION_FILING_DAYS, REGULATION_STREAM } from '../domain/workplace-events.js';
import { WORK_RECORDS, type LabourCostDoc, type RegulationDoc, type TrainingDoc } from '../projections/workplace.projection.js';
import { FilingBody, LabourCostBody, RegulationBody, RegulationParams, TrainingBody, YearQuery } from './work.schemas.js';
import { PrevalenceAnswer, RegulationsAnswer, TrainingReportAnswer } from './work.answers.js';
import { refusalsOf } from '../commands/refusals.js';

const recorders = { roles: ['secretary'], tags: ['work'], idempotent: true } as const;
const readers = { roles: ['secretary', 'board'], tags: ['work'], readModels: [WORK_RECORDS] } as const;

/** Labour cost and mutual prevalence (W5), the internal regulation and its filing (W2), training. */
@Controller('work')
export class WorkplaceController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @CommandRoute('labour-costs', {
    ...refusalsOf('RecordLabourCost'),
    example: { request: { period: '2026-02', memberCostCents: 4210000, nonMemberCostCents: 935000, recordedOn: '2026-03-10' } },
    ...recorders,
    roles: ['secretary', 'service'],
    summary: 'Record the labour cost of a year or month (W5)',
    body: LabourCostBody,
  })
  labourCost(@ValidBody() { correction, ...body }: z.infer<typeof LabourCostBody>, @CommandMeta() meta: CommandMetadata) {
    const command = { type: 'RecordLabourCost' as const, ...body, correctionOf: correction ? { reason: correction } : null };
    return this.commandBus.execute(new RecordWorkplace({ stream: LABOUR_COST_STREAM, command }, meta));
  }

  @Get('reports/mutual-prevalence')
  @Operation({
    response: PrevalenceAnswer,
    ...readers,
    summary: 'W5: members’ labour cost over the total labour cost of a year (c.c. art. 2512–2513)',
    query: YearQuery,
  })
  async prevalence(@ValidQuery() { year }: z.infer<typeof YearQuery>) {
    const costs = await this.projections
      .reader<LabourCostDoc>(WORK_RECORDS, 'labourCosts')
      .find({ year: String(year) }, { sort: { period: 1 } });
    const memberCostCents = costs.reduce((n, c) => n + c.memberCostCents, 0);
    const totalCents = memberCostCents + costs.reduce((n, c) => n + c.nonMemberCostCents, 0);
    const wholeYear = costs.some((c) => c.period === String(year));
    return {
      year,
      memberCostCents,
      nonMemberCostCents: totalCents - memberCostCents,
      memberShare: totalCents ? Math.round((memberCostCents / totalCents) * 10_000) / 10_000 : null,
      complete: wholeYear || costs.length === 12,
      periods: costs.map(({ _id, year: _, ...c }) => c),
      basis: 'c.c. art. 2512–2513; social cooperatives are prevalent by law (disp. att. c.c. art. 111-septies)',
    };
  }

  @CommandRoute('regulations', {
    ...refusalsOf('AdoptInternalRegulation'),
    example: {
      request: {
        title: 'Regolamento interno dei soci lavoratori',
        adoptedOn: '2026-04-28',
        assemblyResolutionId: 'ass-2026-04-28-2',
        text: 'Art. 1 – Oggetto. Il presente regolamento disciplina, ai sensi dell’art. 6 della L. 142/2001, il rapporto di lavoro dei soci lavoratori della cooperativa.',
      },
    },
    ...recorders,
    summary: 'Record the internal regulation adopted by the assembly (L. 142/2001 art. 6); its text’s sha256 is kept',
    body: RegulationBody,
  })
  adopt(@ValidBody() body: z.infer<typeof RegulationBody>, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new AdoptRegulation(body, meta));
  }

  @CommandRoute('regulations/:regulationId/filing', {
    ...refusalsOf('FileInternalRegulation'),
    example: {
      request: { filedOn: '2026-05-15', office: 'Ispettorato territoriale del lavoro di Genova', protocol: 'ITL-GE 2026/004512' },
    },
    ...recorders,
    summary: 'Record the filing of the internal regulation (W2: within 30 days)',
    params: RegulationParams,
    body: FilingBody,
  })
  file(
    @ValidParams() { regulationId }: { regulationId: string },
    @ValidBody() body: z.infer<typeof FilingBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(
      new RecordWorkplace(
        { stream: REGULATION_STREAM, command: { type: 'FileInternalRegulation', regulationId, ...body } },
        meta,
      ),
    );
  }

  @Get('regulations')
  @Operation({
    response: RegulationsAnswer,
    ...readers,
    summary: 'Internal regulations, each with its filing and whether it met W2’s 30 days',
  })
  async regulations() {
    const today = businessDate(this.clock.now());
    const all = await this.projections.reader<RegulationDoc>(WORK_RECORDS, 'regulations').find({}, { sort: { adoptedOn: 1 } });
    return {
      regulations: all.map(({ _id, ...r }) => {
        const due = addDays(r.adoptedOn, REGULATION_FILING_DAYS);
        const filedAfterDays = r.filing ? daysBetween(r.adoptedOn, r.filing.filedOn) : null;
        return {
          regulationId: _id,
          ...r,
          filingDue: due,
          warning:
            r.filing && filedAfterDays! > REGULATION_FILING_DAYS
              ? `filed ${filedAfterDays} days after its adoption: later than the ${REGULATION_FILING_DAYS} days of W2 (L. 142/2001 art. 6)`
              : !r.filing && today > due
                ? `not filed, and due by ${due} (W2, L. 142/2001 art. 6)`
                : null,
        };
      }),
    };
  }

  @CommandRoute('training', {
    ...refusalsOf('RecordTraining'),
    example: {
      request: {
        personId: 'b3f1c2d4-5e6f-4a70-8b81-92a3b4c5d6e7',
        course: 'Primo soccorso pediatrico',
        hours: 8,
        completedOn: '2026-03-02',
        unit: 'Nido Girasole',
        kind: 'mandatory',
      },
    },
    ...recorders,
    roles: ['secretary', 'coordinator'],
    summary: 'Record training a worker or volunteer completed',
    body: TrainingBody,
  })
  training(@ValidBody() body: z.infer<typeof TrainingBody>, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new RecordTraining(body, meta));
  }

  @Get('reports/training')
  @Operation({
    response: TrainingReportAnswer,
    ...readers,
    summary: 'Training of a year: hours by kind and unit, people trained (for the social report)',
    query: YearQuery,
  })
  async trainingReport(@ValidQuery() { year }: z.infer<typeof YearQuery>) {
    const records = await this.projections.reader<TrainingDoc>(WORK_RECORDS, 'training').find({
      completedOn: { $gte: `${year}-01-01`, $lte: `${year}-12-31` },
    });
    const sum = (pick: (t: TrainingDoc) => string) => {
      const totals = new Map<string, number>();
      for (const t of records) totals.set(pick(t), (totals.get(pick(t)) ?? 0) + t.hours);
      return Object.fromEntries([...totals].sort(([a], [b]) => (a < b ? -1 : 1)));
    };
    return {
      year,
      people: new Set(records.map((t) => t.personId)).size,
      hours: records.reduce((n, t) => n + t.hours, 0),
      hoursByKind: sum((t) => t.kind),
      hoursByUnit: sum((t) => t.unit ?? '(none)'),
    };
  }
}
