import { useEffect, useState } from 'react';
import { Applications } from '../screens/Applications';
import { Profile } from '../screens/account/Profile';
import { AssemblyRoutes, assemblyLinks } from '../screens/assemblies/routes';
import { Dashboard } from '../screens/Dashboard';
import { Member } from '../screens/Member';
import { Register } from '../screens/Register';
import { SetPassword } from '../screens/SetPassword';
import { SignIn } from '../screens/SignIn';
import { boardScreen } from '../screens/board/routes';
import { Audit, mayAudit } from '../screens/audit/Audit';
import { mayServices, Services } from '../screens/services/Services';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/it';
import { Link, useLocation } from './router';
import { may, useSession } from './session';
import '../styles/forms.css';

/** The app's routes are Italian words, so none collides with an API path (which keeps answering JSON). */
export function App() {
  const { t, toggle } = useI18n();
  const { person, loading, signOut } = useSession();
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [pathname]);

  if (pathname === '/imposta-password') return <Shell>{<SetPassword />}</Shell>;
  if (loading)
    return (
      <Shell>
        <main id="main">
          <p role="status">{t('app.loading')}</p>
        </main>
      </Shell>
    );
  if (!person) return <Shell>{<SignIn />}</Shell>;

  const links: Array<[string, MessageKey, boolean]> = [
    ['/', 'nav.dashboard', may.readMembership(person.role)],
    ['/libro-soci', 'nav.register', may.readMembership(person.role)],
    ['/domande', 'nav.applications', may.readMembership(person.role)],
    ['/consiglio', 'nav.board', may.readMembership(person.role)],
    ...assemblyLinks(person.role),
    ['/servizi', 'nav.services', mayServices.read(person.role)],
    ['/revisione', 'nav.audit', mayAudit(person.role)],
  ];
  const member = /^\/libro-soci\/([0-9a-f-]{36})$/.exec(pathname)?.[1];
  const readable = may.readMembership(person.role);
  const screen =
    AssemblyRoutes(pathname) ??
    (pathname === '/profilo' ? (
      <Profile />
    ) : pathname === '/servizi' && mayServices.read(person.role) ? (
      <Services />
    ) : pathname === '/revisione' && mayAudit(person.role) ? (
      <Audit />
    ) : !readable ? (
      <main id="main">
        <h1>{t('app.name')}</h1>
        <p>{t('app.noAccess')}</p>
      </main>
    ) : pathname === '/' || pathname === '/accesso' ? (
      <Dashboard />
    ) : pathname === '/libro-soci' ? (
      <Register />
    ) : member ? (
      <Member memberId={member} />
    ) : pathname === '/domande' ? (
      <Applications />
    ) : boardScreen(pathname) ? (
      boardScreen(pathname)
    ) : (
      <main id="main">
        <h1>{t('app.notFound')}</h1>
        <Link to="/">{t('app.backHome')}</Link>
      </main>
    ));

  return (
    <Shell
      header={
        <>
          <button
            type="button"
            className="secondary menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            {t('nav.menu')}
          </button>
          <nav aria-label={t('nav.label')} className={menuOpen ? 'nav open' : 'nav'} id="main-nav">
            <ul>
              {links
                .filter(([, , shown]) => shown)
                .map(([to, key]) => (
                  <li key={to}>
                    <Link to={to} aria-current={pathname === to || (to !== '/' && pathname.startsWith(to)) ? 'page' : undefined}>
                      {t(key)}
                    </Link>
                  </li>
                ))}
            </ul>
          </nav>
          <div className="who">
            <Link to="/profilo" aria-current={pathname === '/profilo' ? 'page' : undefined}>
              {t('nav.profile')}
            </Link>
            <span>
              {t('app.signedInAs', { name: person.name ?? person.login ?? person.accountId, role: t(`role.${person.role}`) })}
            </span>
            <button type="button" className="secondary" onClick={() => void signOut()}>
              {t('app.signOut')}
            </button>
          </div>
        </>
      }
      onToggle={toggle}
    >
      {screen}
    </Shell>
  );
}

function Shell({ children, header, onToggle }: { children: React.ReactNode; header?: React.ReactNode; onToggle?: () => void }) {
  const { t, toggle } = useI18n();
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        {header ? <div className="nav-wrap">{header}</div> : <span aria-hidden="true" />}
        <button
          type="button"
          className="secondary lang"
          onClick={onToggle ?? toggle}
          aria-label={t('app.languageLabel')}
          lang={t('app.language') === 'English' ? 'en' : 'it'}
        >
          {t('app.language')}
        </button>
      </header>
      {children}
    </>
  );
}
