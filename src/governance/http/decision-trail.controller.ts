import { Controller, Get, Inject } from '@nestjs/common';
import type { z } from 'zod';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { Operation, ValidParams, ValidQuery } from '../../platform/http/operation.js';
import { VAULT } from '../../platform/http/tokens.js';
import { openName, type PersonalDataVault, type SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import { memberNames } from './member-names.js';
import { directorNames, nameOf, readableAssembly, readableMeeting } from './readable.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import { BOARD_DECISIONS, type DecisionOutcomeDoc } from '../projections/board-decisions.process.js';
import { ASSEMBLY_BOOK, readAssemblies, type AssemblyDoc } from '../projections/assembly-book.projection.js';
import {
  DECISION_TRAIL,
  isBoardResolution,
  type MeetingDoc,
  type ResolutionDoc,
} from '../projections/decision-trail.projection.js';
import { EventParams, ResolutionParams, TrailQuery } from './governance.schemas.js';
import { TrailAnswer } from './governance.answers.js';
import { readers } from './readers.js';

/** The decision trails: a resolution with its meeting, quorum, votes and the events it caused, and what caused an event. */
@Controller('governance')
export class DecisionTrailController {
  constructor(
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
  ) {}

  @Get('resolutions/:resolutionId')
  @Operation({
    operationId: 'governance.trail', // as before the trails had a class of their own
    response: TrailAnswer,
    ...readers,
    summary: 'The decision trail of a resolution (G7): meeting, quorum, votes, conflicts, outcomes and every event it caused',
    params: ResolutionParams,
    query: TrailQuery,
  })
  async trail(@ValidParams() { resolutionId }: { resolutionId: string }) {
    const resolution = await this.projections.reader<ResolutionDoc>(DECISION_TRAIL, 'resolutions').findOne({ _id: resolutionId });
    if (!resolution) throw new NotFoundError('resolution', resolutionId);
    const outcomes = await this.projections
      .reader<DecisionOutcomeDoc>(BOARD_DECISIONS, 'outcomes')
      .find({ resolutionId }, { sort: { index: 1 } });
    const decides = resolution.resolution.decides as Array<{ kind: string; worker?: { kind: string } }>;
    const members = decides.some((d) => d.kind === 'approve-contract' && d.worker?.kind === 'member')
      ? await memberNames(this.projections, this.vault)
      : new Map<string, string | null>();
    const decisions = await Promise.all(
      outcomes.map(async ({ _id: commandId, resolutionId: __, ...outcome }) => ({
        commandId,
        ...outcome,
        decision: await this.readable(outcome.decision, members),
      })),
    );
    const { _id, ...sealed } = resolution;
    const rest = {
      ...sealed,
      resolution: {
        ...sealed.resolution,
        decides: await Promise.all(sealed.resolution.decides.map((d) => this.readable(d, members))),
      },
    } as typeof sealed;
    if (!isBoardResolution(resolution)) {
      // An assembly's resolution: its convening, notice, attendance, quorum and votes (by proxy too) are in its book.
      const [assembly] = await readAssemblies((name) => this.projections.collection(ASSEMBLY_BOOK, name), {
        _id: resolution.resolution.assemblyId,
      });
      const found = assembly?.motions.find((m) => m.motionId === resolution.resolution.motionId) ?? null;
      const names = await memberNames(
        this.projections,
        this.vault,
        (found?.votes ?? []).flatMap((v) => [v.memberId, v.castBy]),
      );
      const motion = found && {
        ...found,
        votes: found.votes.map((v) => ({ ...v, name: names.get(v.memberId) ?? null, castByName: names.get(v.castBy) ?? null })),
      };
      const { motions: _, ...assemblyRest } = assembly
        ? await readableAssembly(assembly, this.vault)
        : ({ motions: [] } as unknown as AssemblyDoc);
      return { resolutionId, ...rest, assembly: assembly && { assemblyId: assembly._id, ...assemblyRest }, motion, decisions };
    }
    const meeting = await this.projections
      .reader<MeetingDoc>(DECISION_TRAIL, 'meetings')
      .findOne({ _id: resolution.resolution.meetingId });
    const names = await directorNames(this.projections, this.vault);
    const readable = meeting && (await readableMeeting(meeting, names, this.vault));
    return {
      resolutionId,
      ...rest,
      votes: resolution.resolution.votes.map((v) => ({ ...v, ...nameOf(names, v.directorId) })),
      meeting: readable && {
        meetingId: readable._id,
        ...readable,
        conflicts: readable.conflicts.filter((c) => c.item === resolution.resolution.item),
      },
      decisions,
    };
  }

  /**
   * A decision as the board reads it: a contract's worker by name (null once erased), a
   * non-member's opened from the seal, a member's from governance's own copy of the member.
   */
  private async readable<D>(decision: D, members: ReadonlyMap<string, string | null>): Promise<D> {
    const d = decision as {
      kind?: string;
      worker?: { kind: string; memberId?: string; personId?: string; person?: SealedPersonalData };
    };
    if (d.kind === 'approve-contract' && d.worker?.kind === 'member' && d.worker.memberId)
      return { ...decision, worker: { ...d.worker, name: members.get(d.worker.memberId) ?? null } };
    if (d.kind !== 'approve-contract' || d.worker?.kind !== 'non_member' || !d.worker.person) return decision;
    const name = await openName(this.vault, d.worker.person);
    return { ...decision, worker: { kind: 'non_member', personId: d.worker.personId, name } };
  }

  @Get('trail/events/:eventId')
  @Operation({
    operationId: 'governance.cause', // as before the trails had a class of their own
    response: TrailAnswer,
    ...readers,
    summary: 'From an event to the resolution that caused it',
    params: EventParams,
    query: TrailQuery,
  })
  async cause(@ValidParams() { eventId }: { eventId: string }, @ValidQuery() _query: z.infer<typeof TrailQuery>) {
    const link = await this.projections
      .reader<Doc & { resolutionId: string }>(DECISION_TRAIL, 'byEvent')
      .findOne({ _id: eventId });
    if (!link) throw new NotFoundError('event caused by a resolution', eventId);
    return this.trail({ resolutionId: link.resolutionId });
  }
}
