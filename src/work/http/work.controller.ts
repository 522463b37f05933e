import { Controller, Get, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { businessDate, type Clock } from '../../platform/clock.js';
import type { CommandMetadata } from '../../platform/commands/command-processor.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { CommandRoute, Operation, ValidBody, ValidParams, ValidQuery } from '../../platform/http/operation.js';
import { CommandMeta } from '../../platform/http/request-context.js';
import { CLOCK, VAULT } from '../../platform/http/tokens.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { RecordOnWorkforce } from '../commands/work.handlers.js';
import { SignContractOverHttp } from '../commands/work-requests.js';
import { EraseWorkerData } from '../commands/erasure.handlers.js';
import { belowMinimumOn, inForceOn, MAX_PAY_RATIO, payRatioOn, termsOn } from '../domain/pay.js';
import { WORK_CONTRACTS, type ContractDoc, type PayTableDoc } from '../projections/contracts.projection.js';
import { WORK_MEMBERS } from '../projections/work-members.projection.js';
import { personIdOf } from '../domain/work-events.js';
import { workerNames } from './worker-names.js';
import { workforceOn } from '../projections/workforce.js';
import {
  AmendBody,
  AsOfQuery,
  ContractParams,
  ContractsQuery,
  EndBody,
  PayTableBody,
  SignContractBody,
  WorkerParams,
  WorkforceReport,
} from './work.schemas.js';
import { BelowMinimumAnswer, ContractAnswer, ContractsAnswer, PayRatioAnswer, PayTablesAnswer } from './work.answers.js';
import { refusalsOf } from '../commands/refusals.js';

const recorders = { roles: ['secretary', 'board'], tags: ['work'], idempotent: true } as const;
const readers = { roles: ['secretary', 'board'], tags: ['work'], readModels: [WORK_CONTRACTS, WORK_MEMBERS] } as const;
type ContractId = { contractId: string };

/** Work contracts of members and non-members, the collective agreement's pay tables, and the pay ratio. */
@Controller('work')
export class WorkController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @CommandRoute('pay-tables', {
    ...refusalsOf('RecordPayTable'),
    example: {
      request: {
        agreement: 'CCNL cooperative sociali 2023-2025',
        effectiveFrom: '2026-01-01',
        fullTimeWeeklyHours: 38,
        minimumMonthlyPayCents: { A1: 135000, C1: 164000, D2: 198000, F2: 248000 },
      },
    },
    ...recorders,
    summary: 'Record the collective agreement’s pay table from a date (W2)',
    body: PayTableBody,
  })
  recordPayTable(@ValidBody() body: z.infer<typeof PayTableBody>, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new RecordOnWorkforce({ type: 'RecordPayTable', ...body }, meta));
  }

  @Get('pay-tables')
  @Operation({ response: PayTablesAnswer, ...readers, summary: 'The pay tables recorded, by agreement and effective date' })
  async payTables() {
    const tables = await this.projections
      .reader<PayTableDoc>(WORK_CONTRACTS, 'payTables')
      .find({}, { sort: { effectiveFrom: 1 } });
    return { payTables: tables.map(({ _id, ...table }) => table) };
  }

  @CommandRoute('contracts', {
    ...refusalsOf('SignContract'),
    example: {
      request: {
        worker: { kind: 'member', memberId: 'b3f1c2d4-5e6f-4a70-8b81-92a3b4c5d6e7' },
        form: 'subordinate',
        agreement: 'CCNL cooperative sociali 2023-2025',
        level: 'C1',
        weeklyHours: 30,
        startsOn: '2026-03-02',
        endsOn: null,
        grossMonthlyPayCents: 130000,
        unit: 'Nido Girasole',
        contactWithMinors: true,
        criminalRecordCheckedOn: '2026-02-20',
        signedOn: '2026-02-27',
      },
    },
    ...recorders,
    summary: 'Sign a work contract under delegated powers; a board resolution can approve one too (G7)',
    body: SignContractBody,
  })
  sign(@ValidBody() body: z.infer<typeof SignContractBody>, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new SignContractOverHttp(body, meta));
  }

  @CommandRoute('contracts/:contractId/amendments', {
    ...refusalsOf('AmendContract'),
    example: {
      request: {
        amendedOn: '2026-06-25',
        effectiveFrom: '2026-07-01',
        changes: { weeklyHours: 38, grossMonthlyPayCents: 164700 },
      },
    },
    ...recorders,
    summary: 'Amend a contract from a date',
    params: ContractParams,
    body: AmendBody,
  })
  amend(
    @ValidParams() { contractId }: ContractId,
    @ValidBody() body: z.infer<typeof AmendBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(new RecordOnWorkforce({ type: 'AmendContract', contractId, ...body }, meta));
  }

  @CommandRoute('contracts/:contractId/ending', {
    ...refusalsOf('EndContract'),
    example: { request: { endedOn: '2026-08-31', reason: 'resignation' } },
    ...recorders,
    summary: 'Record the end of a contract',
    params: ContractParams,
    body: EndBody,
  })
  end(
    @ValidParams() { contractId }: ContractId,
    @ValidBody() body: z.infer<typeof EndBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(new RecordOnWorkforce({ type: 'EndContract', contractId, ...body }, meta));
  }

  @CommandRoute('workers/:personId/erasure', {
    ...refusalsOf('EraseWorkerData'),
    ...recorders,
    roles: ['secretary'],
    summary: 'Erase a non-member worker’s personal data (crypto-shredding), once their records’ retention has passed (W6)',
    description:
      'Refused (W6) while a contract lasts and for 10 years after the last one ended (c.c. art. 2220 c. 1; D.L. 112/2008 art. 39), and while the person’s entries in the register of volunteers are kept. The events, their hashes and every count stay; the person reads as erased everywhere.',
    params: WorkerParams,
  })
  erase(@ValidParams() { personId }: { personId: string }, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new EraseWorkerData(personId, meta));
  }

  @Get('contracts')
  @Operation({
    response: ContractsAnswer,
    ...readers,
    summary: 'Contracts in force on a date, with the terms in force then',
    query: ContractsQuery,
  })
  async contracts(@ValidQuery() query: z.infer<typeof ContractsQuery>) {
    const asOf = query.asOf ?? businessDate(this.clock.now());
    const all = await this.projections.reader<ContractDoc>(WORK_CONTRACTS, 'contracts').find({}, { sort: { _id: 1 } });
    const names = await workerNames(
      this.projections,
      this.vault,
      all.map((c) => c.worker),
    );
    const contracts = all
      .filter((c) => inForceOn(c, asOf))
      .map((c) => this.view(c, asOf, names))
      .filter((c) => (!query.unit || c.unit === query.unit) && (!query.form || c.form === query.form));
    return { asOf, contracts };
  }

  @Get('contracts/:contractId')
  @Operation({
    response: ContractAnswer,
    ...readers,
    summary: 'One contract: its terms as signed, every amendment, its end, and the events behind them',
    params: ContractParams,
  })
  async contract(@ValidParams() { contractId }: ContractId) {
    const doc = await this.projections.reader<ContractDoc>(WORK_CONTRACTS, 'contracts').findOne({ _id: contractId });
    if (!doc) throw new NotFoundError('contract', contractId);
    const names = await workerNames(this.projections, this.vault, [doc.worker]);
    const today = businessDate(this.clock.now());
    return {
      ...this.view(doc, today, names),
      asSigned: doc.terms,
      amendments: doc.amendments,
      endedOn: doc.endedOn,
      endReason: doc.endReason,
      events: doc.events,
    };
  }

  @Get('reports/pay-ratio')
  @Operation({
    response: PayRatioAnswer,
    ...readers,
    summary: 'W3: highest over lowest full-time-equivalent gross annual pay of the employees (at most 8 to 1)',
    query: AsOfQuery,
  })
  async payRatio(@ValidQuery() query: z.infer<typeof AsOfQuery>) {
    const asOf = query.asOf ?? businessDate(this.clock.now());
    const contracts = await this.projections.reader<ContractDoc>(WORK_CONTRACTS, 'contracts').find();
    const tables = await this.projections.reader<PayTableDoc>(WORK_CONTRACTS, 'payTables').find();
    const ratio = payRatioOn(contracts, tables, asOf);
    return {
      ...ratio,
      limit: MAX_PAY_RATIO,
      withinLimit: ratio.ratio === null || ratio.ratio <= MAX_PAY_RATIO,
      basis: 'full-time-equivalent gross annual pay of subordinate contracts in force (D.Lgs. 112/2017 art. 13 c. 1)',
    };
  }

  @Get('reports/workforce')
  @Operation({
    ...readers,
    summary:
      'The contracts in force on a date by form, CCNL level and member or non-member worker, with their weekly hours (for the social report)',
    query: AsOfQuery,
    response: WorkforceReport,
  })
  async workforce(@ValidQuery() query: z.infer<typeof AsOfQuery>) {
    const asOf = query.asOf ?? businessDate(this.clock.now());
    return workforceOn(await this.projections.reader<ContractDoc>(WORK_CONTRACTS, 'contracts').find(), asOf);
  }

  @Get('reports/below-minimum')
  @Operation({
    response: BelowMinimumAnswer,
    ...readers,
    summary:
      'W2: contracts in force on a date paid below their level’s minimum in the table of their agreement then in force (until amended)',
    query: AsOfQuery,
  })
  async belowMinimum(@ValidQuery() query: z.infer<typeof AsOfQuery>) {
    const asOf = query.asOf ?? businessDate(this.clock.now());
    const contracts = await this.projections.reader<ContractDoc>(WORK_CONTRACTS, 'contracts').find({}, { sort: { _id: 1 } });
    const tables = await this.projections.reader<PayTableDoc>(WORK_CONTRACTS, 'payTables').find();
    const below = contracts.flatMap((c) => {
      const line = belowMinimumOn(c, tables, asOf);
      return line ? [{ doc: c, line }] : [];
    });
    const names = await workerNames(
      this.projections,
      this.vault,
      below.map((b) => b.doc.worker),
    );
    return {
      asOf,
      basis: 'L. 142/2001 art. 3 c. 1',
      contracts: below.map(({ doc, line }) => {
        const id = personIdOf(doc.worker);
        return {
          ...line,
          worker: { kind: doc.worker.kind, id, name: names.get(id) ?? null },
          shortfallCents: line.minimumCents - line.grossMonthlyPayCents,
        };
      }),
    };
  }

  private view(doc: ContractDoc, date: string, names: Map<string, string | null>) {
    const terms = termsOn(doc, date);
    const workerKey = personIdOf(doc.worker);
    return {
      contractId: doc.contractId,
      worker: {
        kind: doc.worker.kind,
        id: workerKey,
        name: names.get(workerKey) ?? null,
      },
      ...terms,
      signedOn: doc.signedOn,
      boardResolutionId: doc.boardResolutionId,
    };
  }
}
