import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DecideApplication } from '../membership/commands/decide-application.handler.js';
import type { ContextDefinition } from '../platform/runtime.js';
import { ElectBoardHandler, RecordOnBoardMeetingHandler } from './commands/governance.handlers.js';
import { governanceEvents } from './domain/governance-events.js';
import { GovernanceController } from './http/governance.controller.js';
import { boardDecisions } from './projections/board-decisions.process.js';
import { decisionTrailProjector } from './projections/decision-trail.projection.js';
import { governanceMembersProjector } from './projections/governance-members.projection.js';

/** Board, meetings and resolutions, and the process manager that carries decisions out (G7). */
export const governanceContext: ContextDefinition = {
  name: 'governance',
  events: governanceEvents,
  projectors: [governanceMembersProjector, decisionTrailProjector, boardDecisions],
};

@Module({ controllers: [GovernanceController], providers: [ElectBoardHandler, RecordOnBoardMeetingHandler] })
export class GovernanceModule implements OnModuleInit {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  /** The process manager issues membership's own commands, through the command bus. */
  onModuleInit(): void {
    boardDecisions.bind((resolution, decision, meta) =>
      this.commandBus.execute(
        new DecideApplication(
          decision.applicationId,
          decision.kind === 'admit'
            ? { kind: 'admit', boardResolutionId: resolution.resolutionId, admittedOn: decision.admittedOn }
            : {
                kind: 'reject',
                boardResolutionId: resolution.resolutionId,
                reasons: decision.reasons,
                decidedOn: resolution.decidedOn,
                communicatedOn: decision.communicatedOn,
              },
          meta,
        ),
      ),
    );
  }
}
