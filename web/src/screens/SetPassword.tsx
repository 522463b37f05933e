import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { fieldErrors } from '../api/fields';
import { useI18n } from '../i18n/i18n';
import { TextField } from '../ui/ui';
import { SignIn } from './SignIn';

/** The invitation's page: its token travels in the fragment, never to the server's logs. */
export function SetPassword() {
  const { t } = useI18n();
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);

  if (done) return <SignIn notice={t('setPassword.done')} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) return setErrors({ confirm: t('setPassword.mismatch') });
    const { response, error } = await api.POST('/auth/invitations/acceptance', { body: { token: token ?? '', password } });
    if (response.ok) {
      history.replaceState(null, '', '/accesso');
      return setDone(true);
    }
    const problem = error as { status: number; code?: string } | undefined;
    const fields = fieldErrors(error as never);
    if (fields.password) return setErrors({ password: t('setPassword.password') });
    const code = problem?.code;
    setErrors({
      form: t(
        code === 'INVITATION_USED'
          ? 'setPassword.used'
          : code === 'INVITATION_EXPIRED'
            ? 'setPassword.expired'
            : 'setPassword.unknown',
      ),
    });
  };

  return (
    <main id="main" className="narrow">
      <h1>{t('setPassword.title')}</h1>
      {!token ? (
        <p className="problem" role="alert">
          {t('setPassword.noToken')}
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>{t('setPassword.intro')}</p>
          <TextField
            id="password"
            label={t('setPassword.password')}
            type="password"
            autoComplete="new-password"
            minLength={12}
            required
            value={password}
            error={errors.password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <TextField
            id="confirm"
            label={t('setPassword.confirm')}
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            error={errors.confirm}
            onChange={(e) => setConfirm(e.target.value)}
          />
          {errors.form && (
            <div className="problem" role="alert">
              {errors.form}
            </div>
          )}
          <button type="submit">{t('setPassword.submit')}</button>
        </form>
      )}
    </main>
  );
}
