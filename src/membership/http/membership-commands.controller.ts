import { Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { z } from 'zod';
import type { CommandMetadata } from '../../platform/commands/command-processor.js';
import { CommandRoute, Operation, ValidBody, ValidParams } from '../../platform/http/operation.js';
import { CommandMeta } from '../../platform/http/request-context.js';
import { ApplyForMembership } from '../commands/apply-for-membership.handler.js';
import { DecideApplication } from '../commands/decide-application.handler.js';
import { EraseMemberData } from '../commands/erase-member-data.handler.js';
import { RecordOnRegister, type PlainRegisterCommand } from '../commands/record-on-register.handler.js';
import { RecordShares, type SharesRequest } from '../commands/record-shares.handler.js';
import {
  AdmitBody,
  AppealBody,
  AppealDecisionBody,
  ApplicationParams,
  ApplyBody,
  CategoryChangeBody,
  DeathBody,
  ExclusionBody,
  MemberParams,
  OppositionBody,
  PaymentBody,
  RefundBody,
  RejectBody,
  SubscriptionBody,
  WithdrawalDecisionBody,
  WithdrawalRequestBody,
} from './membership.schemas.js';
import { ApplicationRecorded, ApplicationResult, MemberAdmittedResult, MemberResult } from './membership-answers.schemas.js';
import { refusalsOf } from '../commands/refusals.js';

type ApplicationId = { applicationId: string };
type MemberId = { memberId: string };
const RECORDERS = ['secretary', 'board'] as const;
const common = { tags: ['membership'], idempotent: true } as const;

/** What the secretariat records of the membership lifecycle; each step is one command. */
@Controller('membership')
export class MembershipCommandsController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  @CommandRoute('applications', {
    ...refusalsOf('ApplyForMembership'),
    ...common,
    summary: 'Record a membership application (domanda di ammissione)',
    description: 'Personal data are sealed by the personal-data vault before they enter the event.',
    roles: ['secretary'],
    body: ApplyBody,
    response: ApplicationRecorded,
    example: {
      request: {
        applicant: {
          kind: 'natural',
          givenName: 'Maria',
          familyName: 'Rossi',
          fiscalCode: 'RSSMRA80A01H501U',
          birthDate: '1980-01-01',
          residence: { street: 'Via Roma 1', city: 'Genova', postalCode: '16121', province: 'GE' },
        },
        category: 'worker',
        requestedShares: 2,
        appliedOn: '2026-03-02',
      },
      answer: {
        applicationId: '0b5f6b52-4c3e-4f7e-9a51-2a7c3d9e1f00',
        commandId: 'key_3f9a1c2d/2026-03-02-apply-1',
        stream: 'membershipApplication-0b5f6b52-4c3e-4f7e-9a51-2a7c3d9e1f00',
        position: '42',
        revision: '0',
        events: [
          {
            id: '5d0c8a0e-5b1f-5d43-9c1e-0f3a7c2b9e41',
            type: 'MembershipApplied',
            stream: 'membershipApplication-0b5f6b52-4c3e-4f7e-9a51-2a7c3d9e1f00',
            revision: '0',
            position: '42',
          },
        ],
        replayed: false,
      },
    },
  })
  apply(@ValidBody() body: ApplyBody, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new ApplyForMembership(body, meta));
  }

  @CommandRoute('applications/:applicationId/admission', {
    ...refusalsOf('AdmitMember'),
    example: { request: { boardResolutionId: 'cda-2026-03-09-1', admittedOn: '2026-03-09' } },
    ...common,
    summary: 'Admit the applicant by a board resolution, with the next member number',
    description: 'M1 (decided once, by the board), M4 (volunteers at most half), M6 (one active membership per fiscal code).',
    roles: RECORDERS,
    params: ApplicationParams,
    body: AdmitBody,
    response: MemberAdmittedResult,
  })
  admit(@ValidParams() { applicationId }: ApplicationId, @ValidBody() body: AdmitBody, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new DecideApplication(applicationId, { kind: 'admit', ...body }, meta));
  }

  @CommandRoute('applications/:applicationId/rejection', {
    ...refusalsOf('RejectAdmission'),
    example: {
      request: {
        boardResolutionId: 'cda-2026-03-09-2',
        reasons: 'La domanda non indica la categoria di soci alla quale il richiedente chiede di essere ammesso',
        decidedOn: '2026-03-09',
        communicatedOn: '2026-03-12',
      },
    },
    ...common,
    summary: 'Reject the application with reasons (M2)',
    roles: RECORDERS,
    params: ApplicationParams,
    body: RejectBody,
    response: ApplicationResult,
  })
  reject(
    @ValidParams() { applicationId }: ApplicationId,
    @ValidBody() body: z.infer<typeof RejectBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(new DecideApplication(applicationId, { kind: 'reject', ...body }, meta));
  }

  @CommandRoute('applications/:applicationId/appeal', {
    ...refusalsOf('AppealRejection'),
    example: { request: { appealedOn: '2026-04-02' } },
    ...common,
    summary: 'Record the applicant’s appeal to the assembly (M3)',
    roles: RECORDERS,
    params: ApplicationParams,
    body: AppealBody,
  })
  appeal(
    @ValidParams() { applicationId }: ApplicationId,
    @ValidBody() body: z.infer<typeof AppealBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.register({ type: 'AppealRejection', applicationId, ...body }, meta);
  }

  @CommandRoute('applications/:applicationId/appeal-decision', {
    ...refusalsOf('DecideAppeal'),
    example: { request: { assemblyResolutionId: 'ass-2026-04-28-4', outcome: 'upheld', decidedOn: '2026-04-28' } },
    ...common,
    summary: 'Record the assembly’s decision on an appeal; upheld reopens the application for admission',
    roles: RECORDERS,
    params: ApplicationParams,
    body: AppealDecisionBody,
  })
  decideAppeal(
    @ValidParams() { applicationId }: ApplicationId,
    @ValidBody() body: z.infer<typeof AppealDecisionBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.register({ type: 'DecideAppeal', applicationId, ...body }, meta);
  }

  @CommandRoute('applications/:applicationId/erasure', {
    ...refusalsOf('EraseMemberData'),
    ...common,
    summary: 'Erase the person’s data (crypto-shredding); only once membership has ended',
    description: 'The events, their hashes and every count stay; the person’s fields read as erased everywhere.',
    roles: ['secretary'],
    params: ApplicationParams,
    response: ApplicationResult,
  })
  erase(@ValidParams() { applicationId }: ApplicationId, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new EraseMemberData(applicationId, meta));
  }

  @CommandRoute('members/:memberId/category', {
    ...refusalsOf('ChangeCategory'),
    example: { request: { to: 'volunteer', boardResolutionId: 'cda-2026-05-11-1', changedOn: '2026-05-11' } },
    ...common,
    summary: 'Change the member’s category by a board resolution (M4)',
    roles: RECORDERS,
    params: MemberParams,
    body: CategoryChangeBody,
  })
  changeCategory(
    @ValidParams() { memberId }: MemberId,
    @ValidBody() body: z.infer<typeof CategoryChangeBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.register({ type: 'ChangeCategory', memberId, ...body }, meta);
  }

  @CommandRoute('members/:memberId/withdrawal-request', {
    ...refusalsOf('RequestWithdrawal'),
    example: {
      request: { requestedOn: '2026-06-03', grounds: 'Trasferimento della residenza fuori regione (statuto, art. 12)' },
    },
    ...common,
    summary: 'Record the member’s request to withdraw (recesso)',
    roles: RECORDERS,
    params: MemberParams,
    body: WithdrawalRequestBody,
  })
  requestWithdrawal(
    @ValidParams() { memberId }: MemberId,
    @ValidBody() body: z.infer<typeof WithdrawalRequestBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.register({ type: 'RequestWithdrawal', memberId, ...body }, meta);
  }

  @CommandRoute('members/:memberId/withdrawal-decision', {
    ...refusalsOf('AcceptWithdrawal', 'RefuseWithdrawal'),
    example: {
      request: {
        outcome: 'accepted',
        boardResolutionId: 'cda-2026-06-22-1',
        decidedOn: '2026-06-22',
        communicatedOn: '2026-06-24',
      },
    },
    ...common,
    summary: 'Record the board’s decision on a withdrawal (M7); acceptance ends the membership when communicated',
    roles: RECORDERS,
    params: MemberParams,
    body: WithdrawalDecisionBody,
  })
  decideWithdrawal(
    @ValidParams() { memberId }: MemberId,
    @ValidBody() body: z.infer<typeof WithdrawalDecisionBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    const { outcome, ...decision } = body;
    return outcome === 'accepted'
      ? this.register(
          { type: 'AcceptWithdrawal', memberId, ...(decision as Omit<Extract<typeof body, { outcome: 'accepted' }>, 'outcome'>) },
          meta,
        )
      : this.register(
          { type: 'RefuseWithdrawal', memberId, ...(decision as Omit<Extract<typeof body, { outcome: 'refused' }>, 'outcome'>) },
          meta,
        );
  }

  @CommandRoute('members/:memberId/exclusion', {
    ...refusalsOf('ExcludeMember'),
    example: {
      request: {
        grounds: 'Grave inadempimento degli obblighi sociali (statuto, art. 14 lett. b)',
        boardResolutionId: 'cda-2026-09-14-1',
        decidedOn: '2026-09-14',
        communicatedOn: '2026-09-16',
      },
    },
    ...common,
    summary: 'Record the member’s exclusion by the board (M7)',
    roles: RECORDERS,
    params: MemberParams,
    body: ExclusionBody,
  })
  exclude(
    @ValidParams() { memberId }: MemberId,
    @ValidBody() body: z.infer<typeof ExclusionBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.register({ type: 'ExcludeMember', memberId, ...body }, meta);
  }

  @CommandRoute('members/:memberId/exclusion-opposition', {
    ...refusalsOf('RecordExclusionOpposition'),
    example: { request: { filedOn: '2026-10-12', court: 'Tribunale di Genova' } },
    ...common,
    summary: 'Record the excluded member’s opposition before the court, within 60 days (M7)',
    roles: RECORDERS,
    params: MemberParams,
    body: OppositionBody,
  })
  oppose(
    @ValidParams() { memberId }: MemberId,
    @ValidBody() body: z.infer<typeof OppositionBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.register({ type: 'RecordExclusionOpposition', memberId, ...body }, meta);
  }

  @CommandRoute('members/:memberId/death', {
    ...refusalsOf('RecordDeath'),
    example: { request: { diedOn: '2026-11-03' } },
    ...common,
    summary: 'Record the member’s death, which ends the membership',
    roles: RECORDERS,
    params: MemberParams,
    body: DeathBody,
  })
  death(
    @ValidParams() { memberId }: MemberId,
    @ValidBody() body: z.infer<typeof DeathBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.register({ type: 'RecordDeath', memberId, ...body }, meta);
  }

  @CommandRoute('members/:memberId/shares/subscriptions', {
    ...refusalsOf('SubscribeShares'),
    example: { request: { count: 2, subscribedOn: '2026-03-09' } },
    ...common,
    summary: 'Subscribe shares at the statute’s value (M5)',
    roles: RECORDERS,
    params: MemberParams,
    body: SubscriptionBody,
    response: MemberResult,
  })
  subscribe(
    @ValidParams() { memberId }: MemberId,
    @ValidBody() body: z.infer<typeof SubscriptionBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.shares(memberId, { type: 'SubscribeShares', ...body }, meta);
  }

  @CommandRoute('members/:memberId/shares/payments', {
    ...refusalsOf('PayShares'),
    example: { request: { amountCents: 5000, paidOn: '2026-03-20' } },
    ...common,
    summary: 'Record a payment on subscribed shares',
    roles: RECORDERS,
    params: MemberParams,
    body: PaymentBody,
    response: MemberResult,
  })
  pay(
    @ValidParams() { memberId }: MemberId,
    @ValidBody() body: z.infer<typeof PaymentBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.shares(memberId, { type: 'PayShares', ...body }, meta);
  }

  @CommandRoute('members/:memberId/shares/refunds', {
    ...refusalsOf('RefundShares'),
    example: { request: { amountCents: 5000, refundedOn: '2026-12-15' } },
    ...common,
    summary: 'Record a refund of shares after the membership ended (M7b)',
    roles: RECORDERS,
    params: MemberParams,
    body: RefundBody,
    response: MemberResult,
  })
  refund(
    @ValidParams() { memberId }: MemberId,
    @ValidBody() body: z.infer<typeof RefundBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.shares(memberId, { type: 'RefundShares', ...body }, meta);
  }

  private register(command: PlainRegisterCommand, meta: CommandMetadata) {
    return this.commandBus.execute(new RecordOnRegister(command, meta));
  }

  private shares(memberId: string, request: SharesRequest, meta: CommandMetadata) {
    return this.commandBus.execute(new RecordShares(memberId, request, meta));
  }
}
