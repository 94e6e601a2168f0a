import type { ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { paths } from '@/config/paths';
import { changeLanguage, currentLanguage, LANGUAGES } from '@/lib/i18n';
import type { Language } from '@/lib/preferences';
import { effectiveTheme, setTheme } from '@/lib/theme';
import { Button } from './Button';

export interface LayoutUser {
  username: string;
  isAdmin: boolean;
}

interface LayoutProps {
  user: LayoutUser | null;
  onSignOut: () => void;
  signingOut?: boolean;
  /** Shown under the header, e.g. the connection's state; app/ passes it in. */
  status?: ReactNode;
  children: ReactNode;
}

function ThemeToggle() {
  const { t } = useTranslation();
  const [theme, setThemeState] = useState(effectiveTheme);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <Button
      variant="ghost"
      size="sm"
      className="icon-button"
      data-testid="theme-toggle"
      aria-label={next === 'dark' ? t('nav.themeToDark') : t('nav.themeToLight')}
      title={next === 'dark' ? t('nav.themeToDark') : t('nav.themeToLight')}
      onClick={() => {
        setTheme(next);
        setThemeState(next);
      }}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
    </Button>
  );
}

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = 'language-switch';
  return (
    <div className="language-switch">
      <label htmlFor={id} className="visually-hidden">
        {t('nav.language')}
      </label>
      <select
        id={id}
        data-testid="language-switch"
        value={i18n.resolvedLanguage ?? currentLanguage()}
        onChange={(event) => changeLanguage(event.target.value as Language)}
      >
        {LANGUAGES.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>
            {language.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Layout({ user, onSignOut, signingOut = false, status, children }: LayoutProps) {
  const { t } = useTranslation();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="header">
        <div className="header__inner">
          <Link to={paths.home} className="header__brand">
            <span className="header__logo" aria-hidden="true" />
            {t('app.name')}
          </Link>
          {user ? (
            <nav aria-label={t('nav.main')} className="header__nav">
              <NavLink to={paths.home} end>
                {t('nav.tickets')}
              </NavLink>
              <NavLink to={paths.create}>{t('nav.create')}</NavLink>
              <NavLink to={paths.settings} data-testid="settings-link">
                {t('nav.settings')}
              </NavLink>
            </nav>
          ) : null}
          <div className="header__tools">
            {user ? (
              <span className="header__user" data-testid="current-user" title={t('nav.signedInAs', { username: user.username })}>
                <span className="visually-hidden">{t('nav.signedInAs', { username: '' })}</span>
                {user.username}
                {user.isAdmin ? <span className="header__role">{t('nav.staff')}</span> : null}
              </span>
            ) : null}
            <LanguageSwitch />
            <ThemeToggle />
            {user ? (
              <Button variant="secondary" size="sm" onClick={onSignOut} busy={signingOut} data-testid="logout">
                {t('nav.signOut')}
              </Button>
            ) : null}
          </div>
        </div>
        {status}
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
