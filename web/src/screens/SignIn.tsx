import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { navigate } from '../app/router';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { TextField } from '../ui/ui';
import { PasskeySignIn } from './account/PasskeySignIn';

export function SignIn({ notice }: { notice?: string }) {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const { data, response } = await api.POST('/auth/sessions', { body: { login, password } });
    setBusy(false);
    if (data) {
      signedIn(data);
      if (window.location.pathname === '/accesso') navigate('/', true);
      return;
    }
    setMessage(
      response.status === 429 ? t('signIn.wait', { seconds: response.headers.get('Retry-After') ?? '1' }) : t('signIn.wrong'),
    );
  };

  return (
    <main id="main" className="narrow">
      <h1>{t('signIn.title')}</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <TextField
          id="login"
          label={t('signIn.login')}
          autoComplete="username"
          required
          value={login}
          onChange={(e) => setLogin(e.target.value)}
        />
        <TextField
          id="password"
          label={t('signIn.password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {message && (
          <div className="problem" role="alert">
            {message}
          </div>
        )}
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
      <PasskeySignIn login={login} />
    </main>
  );
}
