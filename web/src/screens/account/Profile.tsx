import { useState, type FormEvent } from 'react';
import { api, must } from '../../api/client';
import { useSession } from '../../app/session';
import { formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { Empty, Loading, ProblemMessage, TextField, useLoad } from '../../ui/ui';
import { passkeysSupported, registerPasskey } from './passkeys';
import '../../styles/account.css';

/** Profilo: who is signed in, and the passkeys they sign in with (name, list, remove). */
export function Profile() {
  const { t } = useI18n();
  const { person, after, wrote } = useSession();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const passkeys = useLoad(() => must(api.GET('/auth/passkeys', { params: { query: after ? { after } : {} } })), [after]);
  if (!person) return null;

  const register = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    setFailure(null);
    if (!name.trim()) {
      setNameError(t('passkeys.name'));
      return;
    }
    setNameError(undefined);
    setBusy(true);
    const outcome = await registerPasskey(name.trim());
    setBusy(false);
    if (typeof outcome === 'string') {
      setFailure(t(`passkeys.${outcome}`));
      return;
    }
    setNotice(t('passkeys.registered', { name: name.trim() }));
    setName('');
    wrote(outcome.position);
  };

  const remove = async (credentialId: string, passkeyName: string) => {
    setNotice(null);
    setFailure(null);
    const { data } = await api.DELETE('/auth/passkeys/{credentialId}', { params: { path: { credentialId } } });
    if (!data) {
      setFailure(t('passkeys.failed'));
      return;
    }
    setNotice(t('passkeys.removed', { name: passkeyName }));
    wrote(data.position);
  };

  return (
    <main id="main" className="profile">
      <h1>{t('profile.title')}</h1>
      <p>
        <strong>{person.name ?? person.login}</strong> · {person.login}
        <br />
        {t('profile.role', { role: t(`role.${person.role}`) })}
      </p>
      <section aria-labelledby="passkeys-title">
        <h2 id="passkeys-title">{t('passkeys.title')}</h2>
        <p>{t('passkeys.intro')}</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {passkeys.loading && !passkeys.data ? (
          <Loading />
        ) : passkeys.problem ? (
          <ProblemMessage problem={passkeys.problem} />
        ) : passkeys.data && passkeys.data.length === 0 ? (
          <Empty>{t('passkeys.empty')}</Empty>
        ) : (
          <table className="passkeys">
            <caption className="visually-hidden">{t('passkeys.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('passkeys.col.name')}</th>
                <th scope="col">{t('passkeys.col.registered')}</th>
                <th scope="col">{t('passkeys.col.used')}</th>
                <th scope="col">{t('passkeys.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {passkeys.data?.map((p) => (
                <tr key={p.credentialId}>
                  <td>{p.name}</td>
                  <td>{formatDate(p.registeredAt)}</td>
                  <td>{p.lastUsedAt ? formatDate(p.lastUsedAt) : t('passkeys.never')}</td>
                  <td>
                    <button type="button" className="secondary" onClick={() => void remove(p.credentialId, p.name)}>
                      {t('passkeys.remove', { name: p.name })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {passkeysSupported() ? (
          <form onSubmit={register} noValidate className="passkey-form">
            <TextField
              id="passkeyName"
              label={t('passkeys.name')}
              hint={t('passkeys.nameHint')}
              error={nameError}
              maxLength={100}
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            {failure && (
              <div className="problem" role="alert">
                {failure}
              </div>
            )}
            <button type="submit" disabled={busy}>
              {t('passkeys.register')}
            </button>
          </form>
        ) : (
          <p>{t('passkeys.unsupported')}</p>
        )}
      </section>
    </main>
  );
}
