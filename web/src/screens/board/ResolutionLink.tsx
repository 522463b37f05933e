import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { boardPaths, mayBoard } from './board-api';

/** The way back from a member's admission to the board's resolution behind it (its decision trail). */
export function ResolutionLink({ resolutionId }: { resolutionId: string }) {
  const { t } = useI18n();
  const { person } = useSession();
  if (!person || !mayBoard.read(person.role)) return null;
  return (
    <p>
      {t('board.admittedBy')}{' '}
      <Link to={boardPaths.resolution(resolutionId)}>{t('board.resolutionNumber', { id: resolutionId })}</Link>
    </p>
  );
}
