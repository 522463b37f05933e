import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CommandBus, type Command } from '@nestjs/cqrs';
import { RecordPartnership } from '../cooperation/public.js';
import { SignContract } from '../work/public.js';
import { DecideApplication } from '../membership/public.js';
import { RecordOnRegister } from '../membership/public.js';
import type { CommandMetadata } from '../platform/commands/command-processor.js';
import { AdoptStatuteSettingsHandler, ElectBoardHandler, RecordOnBoardMeetingHandler } from './commands/governance.handlers.js';
import type { Decision } from './domain/governance-events.js';
import type { AssemblyDecision } from './domain/assembly-events.js';
import { DecisionTrailController } from './http/decision-trail.controller.js';
import { GovernanceController } from './http/governance.controller.js';
import { AssembliesController } from './http/assemblies.controller.js';
import { BooksController } from './http/books.controller.js';
import { RecordOnAssemblyHandler } from './commands/assembly.handler.js';
import { boardDecisions, type AdoptedResolution } from './projections/board-decisions.process.js';

@Module({
  controllers: [GovernanceController, DecisionTrailController, AssembliesController, BooksController],
  providers: [ElectBoardHandler, RecordOnBoardMeetingHandler, AdoptStatuteSettingsHandler, RecordOnAssemblyHandler],
})
export class GovernanceModule implements OnModuleInit {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  /** The process manager issues the commands of the contexts a decision concerns, through the command bus. */
  onModuleInit(): void {
    boardDecisions.bind((resolution, decision, meta) =>
      this.commandBus.execute(decisionCommand(resolution, decision, meta) as Command<unknown>),
    );
  }
}

/** The command, of the context it concerns, that carries out one decision of a resolution (G7). */
function decisionCommand(resolution: AdoptedResolution, decision: Decision | AssemblyDecision, meta: CommandMetadata) {
  const boardResolutionId = resolution.resolutionId;
  const decidedOn = resolution.decidedOn;
  const cites = { body: resolution.body, resolutionId: resolution.resolutionId };
  switch (decision.kind) {
    case 'approve-contract':
      return new SignContract(
        {
          contractId: decision.contractId,
          worker: decision.worker,
          terms: decision.terms,
          signedOn: decidedOn,
          boardResolutionId,
        },
        meta,
      );
    case 'agree-partnership':
      return new RecordPartnership(
        {
          type: 'AgreePartnership',
          partnershipId: decision.partnershipId,
          terms: decision.terms,
          agreedOn: decidedOn,
          resolution: cites,
        },
        meta,
      );
    case 'end-partnership':
      return new RecordPartnership(
        {
          type: 'EndPartnership',
          partnershipId: decision.partnershipId,
          endedOn: decision.endedOn,
          reason: decision.reason,
          resolution: cites,
        },
        meta,
      );
    case 'decide-appeal':
      return new RecordOnRegister(
        {
          type: 'DecideAppeal',
          applicationId: decision.applicationId,
          assemblyResolutionId: resolution.resolutionId,
          outcome: decision.outcome,
          decidedOn,
        },
        meta,
      );
    case 'admit':
      return new DecideApplication(
        decision.applicationId,
        { kind: 'admit', boardResolutionId, admittedOn: decision.admittedOn },
        meta,
      );
    case 'reject':
      return new DecideApplication(
        decision.applicationId,
        { kind: 'reject', boardResolutionId, reasons: decision.reasons, decidedOn, communicatedOn: decision.communicatedOn },
        meta,
      );
    case 'change-category':
      return new RecordOnRegister(
        {
          type: 'ChangeCategory',
          memberId: decision.memberId,
          to: decision.to,
          boardResolutionId,
          changedOn: decision.changedOn,
        },
        meta,
      );
    case 'accept-withdrawal':
      return new RecordOnRegister(
        {
          type: 'AcceptWithdrawal',
          memberId: decision.memberId,
          boardResolutionId,
          decidedOn,
          communicatedOn: decision.communicatedOn,
        },
        meta,
      );
    case 'refuse-withdrawal':
      return new RecordOnRegister(
        { type: 'RefuseWithdrawal', memberId: decision.memberId, boardResolutionId, decidedOn, reasons: decision.reasons },
        meta,
      );
    case 'exclude':
      return new RecordOnRegister(
        {
          type: 'ExcludeMember',
          memberId: decision.memberId,
          grounds: decision.grounds,
          boardResolutionId,
          decidedOn,
          communicatedOn: decision.communicatedOn,
        },
        meta,
      );
  }
}
