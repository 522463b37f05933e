import { DateField } from '../../ui/DateField';
import type { RegisterEntry } from '../../api/client';
import { formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/it';
import { SelectField, TextField } from '../../ui/ui';
import type { Decision } from './board-api';

const FORMS = ['subordinate', 'autonomous', 'collaboration', 'occasional', 'other'] as const;
const PARTNER_KINDS = ['cooperative', 'consortium', 'social_enterprise', 'third_sector_body', 'public_body'] as const;
const PARTNERSHIP_FORMS = [
  'consortium_membership',
  'temporary_association',
  'network_contract',
  'co_design',
  'agreement',
  'other',
] as const;
const SCOPES = ['local', 'national', 'international'] as const;
const END_REASONS = ['term', 'withdrawal', 'mutual_agreement', 'partner_dissolved', 'other'] as const;

/** A work contract the board approves (G7 → work context: signed on the resolution's date). */
export interface ContractDraft {
  kind: 'approve-contract';
  contractId: string;
  workerKind: 'member' | 'non_member';
  memberId: string;
  givenName: string;
  familyName: string;
  fiscalCode: string;
  form: (typeof FORMS)[number];
  level: string;
  weeklyHours: string;
  startsOn: string;
  endsOn: string;
  pay: string;
  unit: string;
  contactWithMinors: boolean;
  checkedOn: string;
}
/** A partnership the board agrees (G7 → cooperation context). */
export interface PartnershipDraft {
  kind: 'agree-partnership';
  partnershipId: string;
  partnerName: string;
  partnerKind: (typeof PARTNER_KINDS)[number];
  partnerFiscalCode: string;
  country: string;
  form: (typeof PARTNERSHIP_FORMS)[number];
  purpose: string;
  scope: (typeof SCOPES)[number];
  startsOn: string;
  endsOn: string;
}
/** A partnership in force the board ends. */
export interface EndPartnershipDraft {
  kind: 'end-partnership';
  partnershipId: string;
  endedOn: string;
  reason: (typeof END_REASONS)[number];
}
export type WorkDecisionDraft = ContractDraft | PartnershipDraft | EndPartnershipDraft;

/** A partnership as `GET /cooperation/partnerships` lists it. */
export interface PartnershipEntry {
  partnershipId: string;
  partner: { name: string };
  startsOn: string;
  endedOn: string | null;
}

/** A new draft of the kind chosen, dated on the day of the meeting. */
export function newDraft(kind: WorkDecisionDraft['kind'], day: string): WorkDecisionDraft {
  if (kind === 'approve-contract')
    return {
      kind,
      contractId: crypto.randomUUID(),
      workerKind: 'member',
      memberId: '',
      givenName: '',
      familyName: '',
      fiscalCode: '',
      form: 'subordinate',
      level: '',
      weeklyHours: '38',
      startsOn: day,
      endsOn: '',
      pay: '',
      unit: '',
      contactWithMinors: false,
      checkedOn: '',
    };
  if (kind === 'agree-partnership')
    return {
      kind,
      partnershipId: crypto.randomUUID(),
      partnerName: '',
      partnerKind: 'cooperative',
      partnerFiscalCode: '',
      country: 'IT',
      form: 'agreement',
      purpose: '',
      scope: 'local',
      startsOn: day,
      endsOn: '',
    };
  return { kind, partnershipId: '', endedOn: day, reason: 'mutual_agreement' };
}

/** Euros as people write them (1.850,50 or 1850.50) in cents; NaN when it is not a sum. */
export function euroCents(text: string): number {
  const plain = text.trim().replace(/\s|€/g, '');
  const normal = plain.includes(',') ? plain.replace(/\./g, '').replace(',', '.') : plain;
  return /^\d+(\.\d{1,2})?$/.test(normal) ? Math.round(Number(normal) * 100) : Number.NaN;
}

/** The decision the API takes for a draft (the server validates each field and names the one it refuses). */
export function toDecision(d: WorkDecisionDraft): Decision {
  if (d.kind === 'approve-contract')
    return {
      kind: d.kind,
      contractId: d.contractId,
      worker:
        d.workerKind === 'member'
          ? { kind: 'member', memberId: d.memberId }
          : { kind: 'non_member', givenName: d.givenName, familyName: d.familyName, fiscalCode: d.fiscalCode.toUpperCase() },
      terms: {
        form: d.form,
        level: d.level.trim() ? d.level.trim().toUpperCase() : null,
        weeklyHours: Number(d.weeklyHours.replace(',', '.')),
        startsOn: d.startsOn,
        endsOn: d.endsOn || null,
        grossMonthlyPayCents: euroCents(d.pay),
        unit: d.unit,
        contactWithMinors: d.contactWithMinors,
        criminalRecordCheckedOn: d.checkedOn || null,
      },
    };
  if (d.kind === 'agree-partnership')
    return {
      kind: d.kind,
      partnershipId: d.partnershipId,
      terms: {
        partner: {
          name: d.partnerName,
          kind: d.partnerKind,
          fiscalCode: d.partnerFiscalCode.trim() || null,
          country: d.country.trim().toUpperCase(),
        },
        form: d.form,
        purpose: d.purpose,
        scope: d.scope,
        startsOn: d.startsOn,
        endsOn: d.endsOn || null,
      },
    };
  return { kind: d.kind, partnershipId: d.partnershipId, endedOn: d.endedOn, reason: d.reason };
}

interface Props {
  id: string;
  draft: WorkDecisionDraft;
  set: (next: Partial<WorkDecisionDraft>) => void;
  remove: () => void;
  members: RegisterEntry[];
  memberName: (memberId: string) => string;
  partnerships: PartnershipEntry[];
  /** The server's word on a field of this decision (its path inside the decision), if it refused one. */
  error: (path: string) => string | undefined;
}

/** One contract or partnership decision of a resolution, each field labelled, refused fields marked. */
export function WorkDecisionFields({ id, draft, set, remove, members, memberName, partnerships, error }: Props) {
  const { t } = useI18n();
  const options = <T extends string>(values: readonly T[], prefix: string): Array<[string, string]> =>
    values.map((v) => [v, t(`${prefix}.${v}` as MessageKey)]);
  return (
    <div className="decision work-decision" role="group" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t(`board.decisionTitle.${draft.kind}` as MessageKey)}</h4>
      {draft.kind === 'approve-contract' && (
        <>
          <SelectField
            id={`${id}-worker-kind`}
            label={t('board.contract.workerKind')}
            value={draft.workerKind}
            onChange={(e) => set({ workerKind: e.target.value as ContractDraft['workerKind'] })}
            options={[
              ['member', t('board.contract.member')],
              ['non_member', t('board.contract.nonMember')],
            ]}
          />
          {draft.workerKind === 'member' ? (
            <SelectField
              id={`${id}-member`}
              label={t('board.contract.whichMember')}
              value={draft.memberId}
              onChange={(e) => set({ memberId: e.target.value })}
              error={error('worker.memberId')}
              options={[
                ['', t('board.chooseMember')],
                ...members.map((m): [string, string] => [m.memberId, memberName(m.memberId)]),
              ]}
            />
          ) : (
            <>
              <TextField
                id={`${id}-given`}
                label={t('board.contract.givenName')}
                value={draft.givenName}
                onChange={(e) => set({ givenName: e.target.value })}
                error={error('worker.givenName')}
              />
              <TextField
                id={`${id}-family`}
                label={t('board.contract.familyName')}
                value={draft.familyName}
                onChange={(e) => set({ familyName: e.target.value })}
                error={error('worker.familyName')}
              />
              <TextField
                id={`${id}-fiscal`}
                label={t('board.contract.fiscalCode')}
                value={draft.fiscalCode}
                onChange={(e) => set({ fiscalCode: e.target.value })}
                error={error('worker.fiscalCode')}
              />
            </>
          )}
          <SelectField
            id={`${id}-form`}
            label={t('board.contract.form')}
            value={draft.form}
            onChange={(e) => set({ form: e.target.value as ContractDraft['form'] })}
            options={options(FORMS, 'services.form')}
          />
          <TextField
            id={`${id}-level`}
            label={t('board.contract.level')}
            hint={t('board.contract.levelHint')}
            value={draft.level}
            onChange={(e) => set({ level: e.target.value })}
            error={error('terms.level')}
          />
          <TextField
            id={`${id}-hours`}
            label={t('board.contract.weeklyHours')}
            inputMode="decimal"
            value={draft.weeklyHours}
            onChange={(e) => set({ weeklyHours: e.target.value })}
            error={error('terms.weeklyHours')}
          />
          <TextField
            id={`${id}-pay`}
            label={t('board.contract.pay')}
            inputMode="decimal"
            value={draft.pay}
            onChange={(e) => set({ pay: e.target.value })}
            error={error('terms.grossMonthlyPayCents')}
          />
          <TextField
            id={`${id}-unit`}
            label={t('board.contract.unit')}
            value={draft.unit}
            onChange={(e) => set({ unit: e.target.value })}
            error={error('terms.unit')}
          />
          <DateField
            id={`${id}-starts`}
            label={t('board.contract.startsOn')}
            value={draft.startsOn}
            onChange={(value) => set({ startsOn: value })}
            error={error('terms.startsOn')}
          />
          <DateField
            id={`${id}-ends`}
            label={t('board.contract.endsOn')}
            value={draft.endsOn}
            onChange={(value) => set({ endsOn: value })}
            error={error('terms.endsOn')}
          />
          <div className="field checkbox">
            <label>
              <input
                type="checkbox"
                id={`${id}-minors`}
                checked={draft.contactWithMinors}
                onChange={(e) => set({ contactWithMinors: e.target.checked })}
              />{' '}
              {t('board.contract.minors')}
            </label>
          </div>
          {draft.contactWithMinors && (
            <DateField
              id={`${id}-checked`}
              label={t('board.contract.checkedOn')}
              hint={t('board.contract.checkedHint')}
              value={draft.checkedOn}
              onChange={(value) => set({ checkedOn: value })}
              error={error('terms.criminalRecordCheckedOn')}
            />
          )}
          <p className="hint span">{t('board.contract.note')}</p>
        </>
      )}
      {draft.kind === 'agree-partnership' && (
        <>
          <TextField
            id={`${id}-partner`}
            label={t('board.partnership.partnerName')}
            value={draft.partnerName}
            onChange={(e) => set({ partnerName: e.target.value })}
            error={error('terms.partner.name')}
          />
          <SelectField
            id={`${id}-partner-kind`}
            label={t('board.partnership.partnerKind')}
            value={draft.partnerKind}
            onChange={(e) => set({ partnerKind: e.target.value as PartnershipDraft['partnerKind'] })}
            options={options(PARTNER_KINDS, 'board.partnerKind')}
          />
          <TextField
            id={`${id}-partner-fiscal`}
            label={t('board.partnership.partnerFiscalCode')}
            value={draft.partnerFiscalCode}
            onChange={(e) => set({ partnerFiscalCode: e.target.value })}
            error={error('terms.partner.fiscalCode')}
          />
          <TextField
            id={`${id}-country`}
            label={t('board.partnership.country')}
            value={draft.country}
            maxLength={2}
            onChange={(e) => set({ country: e.target.value })}
            error={error('terms.partner.country')}
          />
          <SelectField
            id={`${id}-pform`}
            label={t('board.partnership.form')}
            value={draft.form}
            onChange={(e) => set({ form: e.target.value as PartnershipDraft['form'] })}
            options={options(PARTNERSHIP_FORMS, 'board.partnershipForm')}
          />
          <SelectField
            id={`${id}-scope`}
            label={t('board.partnership.scope')}
            value={draft.scope}
            onChange={(e) => set({ scope: e.target.value as PartnershipDraft['scope'] })}
            options={options(SCOPES, 'board.scope')}
          />
          <TextField
            id={`${id}-purpose`}
            label={t('board.partnership.purpose')}
            value={draft.purpose}
            onChange={(e) => set({ purpose: e.target.value })}
            error={error('terms.purpose')}
          />
          <DateField
            id={`${id}-pstarts`}
            label={t('board.partnership.startsOn')}
            value={draft.startsOn}
            onChange={(value) => set({ startsOn: value })}
            error={error('terms.startsOn')}
          />
          <DateField
            id={`${id}-pends`}
            label={t('board.partnership.endsOn')}
            value={draft.endsOn}
            onChange={(value) => set({ endsOn: value })}
            error={error('terms.endsOn')}
          />
        </>
      )}
      {draft.kind === 'end-partnership' && (
        <>
          <SelectField
            id={`${id}-which`}
            label={t('board.partnership.which')}
            value={draft.partnershipId}
            onChange={(e) => set({ partnershipId: e.target.value })}
            error={error('partnershipId')}
            options={[
              ['', t('board.partnership.choose')],
              ...partnerships
                .filter((p) => !p.endedOn)
                .map((p): [string, string] => [
                  p.partnershipId,
                  t('board.partnership.entry', { name: p.partner.name, date: formatDate(p.startsOn) }),
                ]),
            ]}
          />
          <DateField
            id={`${id}-ended`}
            label={t('board.partnership.endedOn')}
            value={draft.endedOn}
            onChange={(value) => set({ endedOn: value })}
            error={error('endedOn')}
          />
          <SelectField
            id={`${id}-reason`}
            label={t('board.partnership.reason')}
            value={draft.reason}
            onChange={(e) => set({ reason: e.target.value as EndPartnershipDraft['reason'] })}
            options={options(END_REASONS, 'board.endReason')}
          />
        </>
      )}
      <button type="button" className="secondary" onClick={remove}>
        {t('board.removeDecision')}
      </button>
    </div>
  );
}
