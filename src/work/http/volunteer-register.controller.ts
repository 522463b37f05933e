import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { businessDate, type Clock } from '../../platform/clock.js';
import { Operation, ValidQuery } from '../../platform/http/operation.js';
import { CLOCK, VAULT } from '../../platform/http/tokens.js';
import type { PersonalDataVault, SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { isCoveredOn } from '../domain/volunteer.js';
import { WORK_VOLUNTEERS, type VolunteerActivityDoc, type VolunteerDoc } from '../projections/volunteers.projection.js';
import { WORK_MEMBERS, type WorkMemberDoc } from '../projections/work-members.projection.js';

const BusinessDate = z.iso.date();
const RegisterQuery = z.object({
  asOf: BusinessDate.optional().describe('The register as it stood at the end of this day; today when absent'),
});
const ExportQuery = RegisterQuery.extend({ format: z.enum(['json', 'csv']).default('json') });

const readers = {
  roles: ['secretary', 'board', 'coordinator'],
  tags: ['work'],
  readModels: [WORK_VOLUNTEERS, WORK_MEMBERS],
} as const;

interface PersonFields {
  givenName?: string;
  familyName?: string;
  fiscalCode?: string;
  birthDate?: string;
}

/** One line of the register of volunteers. */
export interface VolunteerRegisterEntry {
  number: number;
  volunteerId: string;
  kind: 'member' | 'non_member';
  memberId: string | null;
  familyName: string | null;
  givenName: string | null;
  fiscalCode: string | null;
  birthDate: string | null;
  personalDataErased: boolean;
  enrolledOn: string;
  leftOn: string | null;
  leftReason: string | null;
  unit: string;
  activity: string | null;
  /** The policy number is null once the volunteer's data are erased. */
  insurance: Array<{ insurer: string; policyNumber: string | null; coveredFrom: string; coveredUntil: string }>;
  insuredOn: boolean;
}

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
    return toCsv(entries);
  }

  @Get('uncovered-activity')
  @Operation({
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
    const memberPerson = new Map(members.map((m) => [m._id, m.person]));
    const entries: VolunteerRegisterEntry[] = [];
    for (const [index, v] of all.entries()) {
      if (v.enrolledOn > asOf) continue;
      const sealed: SealedPersonalData | null =
        v.volunteer.kind === 'member' ? (memberPerson.get(v.volunteer.memberId) ?? null) : v.volunteer.person;
      const fields = sealed ? await this.vault.open<PersonFields & Record<string, unknown>>(sealed) : null;
      const left = v.leftOn !== null && v.leftOn <= asOf;
      const insurance = await openCoverage(
        this.vault,
        v.coverage.filter((c) => c.coveredFrom <= asOf),
      );
      entries.push({
        number: index + 1,
        volunteerId: v._id,
        kind: v.volunteer.kind,
        memberId: v.volunteer.kind === 'member' ? v.volunteer.memberId : null,
        familyName: fields?.familyName ?? null,
        givenName: fields?.givenName ?? null,
        fiscalCode: fields?.fiscalCode ?? null,
        birthDate: fields?.birthDate ?? null,
        personalDataErased: sealed !== null && fields === null,
        enrolledOn: v.enrolledOn,
        leftOn: left ? v.leftOn : null,
        leftReason: left ? v.leftReason : null,
        unit: v.unit,
        activity: v.activity ?? null,
        insurance,
        insuredOn: !left && isCoveredOn(insurance, asOf),
      });
    }
    return entries;
  }
}

/** The volunteer's covers with their policy numbers opened through the vault (null once erased). */
export async function openCoverage(vault: PersonalDataVault, coverage: VolunteerDoc['coverage']) {
  const opened = [];
  for (const { insurer, policy, coveredFrom, coveredUntil } of coverage) {
    const fields = await vault.open<{ policyNumber: string }>(policy);
    opened.push({ insurer, policyNumber: fields?.policyNumber ?? null, coveredFrom, coveredUntil });
  }
  return opened;
}

const CSV_COLUMNS: Array<[string, (e: VolunteerRegisterEntry) => string | number | null]> = [
  ['numero', (e) => e.number],
  ['cognome', (e) => e.familyName],
  ['nome', (e) => e.givenName],
  ['codice_fiscale', (e) => e.fiscalCode],
  ['data_nascita', (e) => e.birthDate],
  ['dati_cancellati', (e) => (e.personalDataErased ? 'sì' : 'no')],
  ['socio', (e) => (e.kind === 'member' ? 'sì' : 'no')],
  ['data_iscrizione', (e) => e.enrolledOn],
  ['data_cessazione', (e) => e.leftOn],
  ['causa_cessazione', (e) => e.leftReason],
  ['unita_operativa', (e) => e.unit],
  ['attivita', (e) => e.activity],
  [
    'copertura_assicurativa',
    (e) => e.insurance.map((c) => `${c.insurer} ${c.policyNumber} ${c.coveredFrom}/${c.coveredUntil}`).join('; ') || null,
  ],
  ['assicurato_alla_data', (e) => (e.insuredOn ? 'sì' : 'no')],
];

function toCsv(entries: VolunteerRegisterEntry[]): string {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\n\r;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return (
    [
      CSV_COLUMNS.map(([name]) => name).join(','),
      ...entries.map((e) => CSV_COLUMNS.map(([, get]) => cell(get(e))).join(',')),
    ].join('\r\n') + '\r\n'
  );
}
