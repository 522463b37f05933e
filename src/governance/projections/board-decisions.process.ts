import type { CommandMetadata } from '../../platform/commands/command-processor.js';
import { InvalidCommandField, NotFoundError, RuleViolation, StateConflict } from '../../platform/errors/domain-errors.js';
import type { RecordedEvent } from '../../platform/event-store/event-store.js';
import { isPosition } from '../../platform/event-store/position.js';
import { deterministicId } from '../../platform/ids.js';
import { projectorHandlers, type EventMapOf } from '../../platform/projections/define-projector.js';
import type { ProjectionContext, Projector } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { AssemblyDecision, assemblyEvents } from '../domain/assembly-events.js';
import type { Decision, governanceEvents } from '../domain/governance-events.js';

/** The adopted resolutions this process carries out: the board's and the assembly's. */
type ResolutionEvents = EventMapOf<typeof governanceEvents> & EventMapOf<typeof assemblyEvents>;

export const BOARD_DECISIONS = 'board-decisions';
export const PROCESS_ACTOR = { keyId: 'process:board-decisions', role: 'system' };

/** The command id the process manager gives the `index`-th decision of a resolution: a replay issues the same command. */
export const decisionCommandId = (resolutionEventId: string, index: number): string =>
  deterministicId(resolutionEventId, 'decision', String(index));

/** A resolution as the process manager needs it, of the board or of the assembly. */
export interface AdoptedResolution {
  body: 'board' | 'assembly';
  resolutionId: string;
  decidedOn: string;
  decides: Array<Decision | AssemblyDecision>;
}

/** Carries one decision out in the context it concerns (membership, work or cooperation). */
export type DecisionDispatcher = (
  resolution: AdoptedResolution,
  decision: Decision | AssemblyDecision,
  meta: CommandMetadata,
) => Promise<unknown>;

export interface DecisionOutcomeDoc extends Doc {
  resolutionId: string;
  index: number;
  decision: Decision | AssemblyDecision;
  status: 'done' | 'refused';
  rule: string | null;
  detail: string | null;
}

/**
 * G7 as a process manager: it reads adopted board resolutions from `$all` at its own
 * checkpoint and issues the command of each decision, with `causationId` = the resolution's
 * event and `correlationId` = the resolution. Command ids derive from the event, so a
 * restart that replays a batch gets the original results, never a second admission. A
 * refusal (say M4) is recorded as the decision's outcome instead of stopping the process.
 */
export class BoardDecisionsProcessManager implements Projector {
  readonly name = BOARD_DECISIONS;
  readonly version = 1;
  private readonly handled = projectorHandlers<ResolutionEvents>({
    BoardResolutionAdopted: ({ id, data }, context) => this.carryOut(id, { ...data, body: 'board' }, context),
    ResolutionAdopted: ({ id, data }, context) => this.carryOut(id, { ...data, body: 'assembly' }, context),
  });
  readonly eventTypes = this.handled.eventTypes;
  readonly issuesCommands = true;
  /** What the commands of the decisions append: the read models reading these wait for this process (read-your-writes). */
  readonly emits = [
    'MemberAdmitted',
    'SharesSubscribed',
    'AdmissionRejected',
    'AdmissionAppealDecided',
    'MemberCategoryChanged',
    'WithdrawalAccepted',
    'WithdrawalRefused',
    'MemberExcluded',
    'MembershipEnded',
    'ContractSigned',
    'PartnershipAgreed',
    'PartnershipEnded',
  ];
  private dispatcher: DecisionDispatcher | undefined;

  /** Bound once the application's command bus exists; until then batches are retried. */
  bind(dispatcher: DecisionDispatcher): void {
    this.dispatcher = dispatcher;
  }

  apply(event: RecordedEvent, context: ProjectionContext): Promise<void> {
    return this.handled.apply(event, context);
  }

  /** Issues the command of each decision of an adopted resolution, recording each outcome. */
  private async carryOut(
    eventId: string,
    { body, resolutionId, decidedOn, decides }: AdoptedResolution,
    context: ProjectionContext,
  ): Promise<void> {
    if (!this.dispatcher) throw new Error('the board decisions process manager is not bound to a command bus yet');
    const resolution: AdoptedResolution = { body, resolutionId, decidedOn, decides };
    const outcomes = context.collection<DecisionOutcomeDoc>('outcomes');
    for (const [index, decision] of resolution.decides.entries()) {
      const commandId = decisionCommandId(eventId, index);
      const meta: CommandMetadata = {
        commandId,
        actor: PROCESS_ACTOR,
        correlationId: resolution.resolutionId,
        causationId: eventId,
      };
      const base = { _id: commandId, resolutionId: resolution.resolutionId, index, decision };
      try {
        const result = await this.dispatcher(resolution, decision, meta);
        // Where the command wrote (its original answer on a replay), for read-your-writes.
        const position = (result as { position?: unknown } | undefined)?.position;
        if (typeof position === 'string' && isPosition(position)) context.wrote?.(position);
        await outcomes.replaceOne({ _id: commandId }, { ...base, status: 'done', rule: null, detail: null }, { upsert: true });
      } catch (error) {
        const rule = refusedAs(error);
        if (rule === undefined) throw error;
        await outcomes.replaceOne(
          { _id: commandId },
          { ...base, status: 'refused', rule, detail: (error as Error).message },
          { upsert: true },
        );
      }
    }
  }
}

export const boardDecisions = new BoardDecisionsProcessManager();

/** The code a decision is refused with (a rule, a clash with the record, an invalid field, a missing thing), else undefined. */
function refusedAs(error: unknown): string | undefined {
  if (error instanceof RuleViolation) return error.rule;
  if (error instanceof StateConflict || error instanceof InvalidCommandField) return error.code;
  if (error instanceof NotFoundError) return 'NOT_FOUND';
  return undefined;
}
