import { useState } from 'react';
import { navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { passkeysSupported, signInWithPasskey } from './passkeys';
import '../../styles/account.css';

/** "Entra con una passkey" under the password form (not "Accedi …": every browser journey clicks the button named "Accedi"): the login typed above, if any, narrows the choice. */
export function PasskeySignIn({ login }: { login: string }) {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (!passkeysSupported()) return null;

  const start = async () => {
    setBusy(true);
    setMessage(null);
    const outcome = await signInWithPasskey(login.trim());
    setBusy(false);
    if (typeof outcome === 'string') {
      setMessage(outcome === 'cancelled' ? t('passkeys.cancelled') : t('signIn.passkeyFailed'));
      return;
    }
    signedIn(outcome);
    if (window.location.pathname === '/accesso') navigate('/', true);
  };

  return (
    <div className="signin-alternative">
      <p className="or">{t('signIn.or')}</p>
      <button type="button" className="secondary" disabled={busy} onClick={() => void start()} aria-describedby="passkey-hint">
        {t('signIn.passkey')}
      </button>
      <small id="passkey-hint" className="hint">
        {t('signIn.passkeyHint')}
      </small>
      {message && (
        <div className="problem" role="alert">
          {message}
        </div>
      )}
    </div>
  );
}
