import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandMetadata } from '../../platform/commands/command-processor.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { Operation, ValidBody, ValidParams, ValidQuery } from '../../platform/http/operation.js';
import { CommandMeta } from '../../platform/http/request-context.js';
import { VAULT } from '../../platform/http/tokens.js';
import type { PersonalDataVault, SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { AdmitMember } from '../commands/admit-member.handler.js';
import { ApplyForMembership } from '../commands/apply-for-membership.handler.js';
import { MEMBER_REGISTER, type ApplicationDoc, type MemberDoc } from '../projections/member-register.projection.js';
import {
  AdmitBody,
  ApplicationParams,
  ApplicationRecorded,
  ApplicationView,
  ApplyBody,
  MemberAdmittedResult,
  RegisterPage,
  RegisterQuery,
} from './membership.schemas.js';

@Controller('membership')
export class MembershipController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
  ) {}

  @Post('applications')
  @HttpCode(201)
  @Operation({
    summary: 'Record a membership application (domanda di ammissione)',
    description: 'Personal data are sealed by the personal-data vault before they enter the event.',
    roles: ['secretary'],
    tags: ['membership'],
    body: ApplyBody,
    response: ApplicationRecorded,
    status: 201,
    idempotent: true,
  })
  apply(@ValidBody() body: ApplyBody, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new ApplyForMembership(body, meta));
  }

  @Post('applications/:applicationId/admission')
  @HttpCode(201)
  @Operation({
    summary: 'Admit the applicant by a board resolution, with the next member number',
    description: 'M1 (c.c. art. 2528 c. 1): only a pending application, decided once, by the board.',
    roles: ['secretary', 'board'],
    tags: ['membership'],
    params: ApplicationParams,
    body: AdmitBody,
    response: MemberAdmittedResult,
    status: 201,
    idempotent: true,
  })
  admit(
    @ValidParams() { applicationId }: { applicationId: string },
    @ValidBody() body: AdmitBody,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(new AdmitMember(applicationId, body, meta));
  }

  @Get('applications/:applicationId')
  @Operation({
    summary: 'One membership application and its status',
    roles: ['secretary', 'board'],
    tags: ['membership'],
    params: ApplicationParams,
    response: ApplicationView,
    readModels: [MEMBER_REGISTER],
  })
  async application(@ValidParams() { applicationId }: { applicationId: string }) {
    const applications = await this.projections.collection<ApplicationDoc>(MEMBER_REGISTER, 'applications');
    const doc = await applications.findOne({ _id: applicationId });
    if (!doc) throw new NotFoundError('membership application', applicationId);
    return {
      applicationId,
      status: doc.status,
      category: doc.category,
      appliedOn: doc.appliedOn,
      name: await this.nameOf(doc.applicant),
      memberId: doc.memberId,
    };
  }

  @Get('register')
  @Operation({
    summary: 'The member register (libro soci), by member number',
    description: 'Volunteers form their own section (L. 381/1991 art. 2 c. 1). Filter by section or category; paginated.',
    roles: ['secretary', 'board'],
    tags: ['membership'],
    query: RegisterQuery,
    response: RegisterPage,
    readModels: [MEMBER_REGISTER],
  })
  async register(@ValidQuery() query: RegisterQuery) {
    const members = await this.projections.collection<MemberDoc>(MEMBER_REGISTER, 'members');
    const filter = {
      ...(query.section ? { section: query.section } : {}),
      ...(query.category ? { category: query.category } : {}),
    };
    const [total, docs] = await Promise.all([
      members.count(filter),
      members.find(filter, { sort: { memberNumber: 1 }, skip: query.offset, limit: query.limit }),
    ]);
    const items = await Promise.all(
      docs.map(async (doc) => ({
        memberNumber: doc.memberNumber,
        memberId: doc._id,
        name: await this.nameOf(doc.applicant),
        category: doc.category,
        section: doc.section,
        admittedOn: doc.admittedOn,
        boardResolutionId: doc.boardResolutionId,
      })),
    );
    return { total, limit: query.limit, offset: query.offset, items };
  }

  private async nameOf(sealed: SealedPersonalData): Promise<string | null> {
    const fields = await this.vault.open<{ givenName?: string; familyName?: string; name?: string }>(sealed);
    if (!fields) return null;
    return fields.name ?? [fields.familyName, fields.givenName].filter(Boolean).join(' ');
  }
}
