import type { Translate } from '../../i18n/i18n';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/it';
import { ProblemMessage } from '../../ui/ui';
import type { Named, Problem } from './board-api';

/** A person by name, or *dati cancellati* once their data were erased. */
export function PersonName({ person }: { person: Named | undefined }) {
  const { t } = useI18n();
  return person?.name ? <>{person.name}</> : <em>{t('register.erased')}</em>;
}

/**
 * A rule of the board in words. G6 rests on several articles, so its words are chosen by the
 * legal basis the refusal carries; other rules by their code; else the server's own detail.
 */
export function ruleInWords(
  t: Translate,
  has: (key: string) => key is MessageKey,
  rule: string,
  legalBasis: string | null | undefined,
  detail?: string | null,
): string {
  const byBasis = `boardRule.${rule}.${legalBasis ?? ''}`;
  if (has(byBasis)) return t(byBasis);
  if (has(`boardRule.${rule}`)) return t(`boardRule.${rule}` as MessageKey);
  if (has(`rule.${rule}`)) return t(`rule.${rule}` as MessageKey);
  return detail ?? rule;
}

/** A refusal: a rule with its legal basis in one sentence, or the app's usual problem words. */
export function BoardProblem({ problem, id }: { problem: Problem | null; id?: string }) {
  const { t, has } = useI18n();
  if (!problem) return null;
  if (problem.status === 422 && problem.rule)
    return (
      <div className="problem" role="alert" id={id}>
        {t('error.rule', {
          rule: problem.rule,
          legalBasis: problem.legalBasis ?? '',
          message: ruleInWords(t, has, problem.rule, problem.legalBasis, problem.detail),
        })}
      </div>
    );
  if (problem.status === 409 && problem.code && has(`boardConflict.${problem.code}`))
    return (
      <div className="problem" role="alert" id={id}>
        {t(`boardConflict.${problem.code}` as MessageKey)}
      </div>
    );
  if (problem.status === 404)
    return (
      <div className="problem" role="alert" id={id}>
        {t('board.notFound')}
      </div>
    );
  return <ProblemMessage problem={problem} />;
}

/** A date field's server error in words. */
export function dateError(t: Translate, error: { code: string } | undefined): string | undefined {
  if (!error) return undefined;
  if (error.code === 'DATE_IN_FUTURE') return t('error.DATE_IN_FUTURE');
  if (error.code === 'DATE_ORDER') return t('board.dateOrder');
  return t('error.date');
}

/** A recorded event's type in Italian words (its code beside, for whoever searches the store). */
export function eventInWords(t: Translate, has: (key: string) => key is MessageKey, type: string): string {
  return has(`boardEvent.${type}`) ? t(`boardEvent.${type}` as MessageKey) : type;
}
