import type { FocusEvent, ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useLocation } from 'react-router';
import { paths } from '@/config/paths';
import { changeLanguage, currentLanguage, LANGUAGES } from '@/lib/i18n';
import type { Language } from '@/lib/preferences';
import { effectiveTheme, setTheme } from '@/lib/theme';
import { Button } from './Button';
import './Layout.css';

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
  /** More controls in the header for the signed-in user; app/ passes them in. */
  tools?: ReactNode;
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

/**
 * The header's menu on narrow screens: a disclosure button that shows the
 * navigation and account tools (on wide screens they are always shown and the
 * button is hidden by CSS). Opening moves focus into the menu; Escape closes
 * it and returns focus to the button; so does following a link in it, and
 * clicking or tabbing anywhere outside closes it.
 */
function useHeaderMenu() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const { pathname } = useLocation();
  const [shownPath, setShownPath] = useState(pathname);
  // A navigation (a link in the menu, Back) closes it; adjusting state during
  // render avoids an effect and a frame with the menu over the new page.
  if (pathname !== shownPath) {
    setShownPath(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('a[href], button, select')?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);

  return {
    open,
    buttonProps: {
      ref: button,
      'aria-expanded': open,
      onClick: () => setOpen((value) => !value),
    },
    menuProps: {
      ref: menu,
      'data-open': open,
      onBlur: (event: FocusEvent<HTMLDivElement>) => {
        const next = event.relatedTarget as Node | null;
        if (next && !menu.current?.contains(next) && !button.current?.contains(next)) setOpen(false);
      },
    },
  };
}

export function Layout({ user, onSignOut, signingOut = false, status, tools, children }: LayoutProps) {
  const { t } = useTranslation();
  const menu = useHeaderMenu();
  const menuId = 'header-menu';
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
          {/* Signed out there is only the language to choose: no menu needed. */}
          <div id={menuId} className={user ? 'header__menu header__menu--collapsible' : 'header__menu'} {...menu.menuProps}>
            {user ? (
              <nav aria-label={t('nav.main')} className="header__nav">
                <NavLink to={paths.home} end>
                  {t('nav.tickets')}
                </NavLink>
                <NavLink to={paths.create}>{t('nav.create')}</NavLink>
                {user.isAdmin ? (
                  <NavLink to={paths.dashboard} data-testid="dashboard-link">
                    {t('reports.nav')}
                  </NavLink>
                ) : null}
                <NavLink to={paths.settings} data-testid="settings-link">
                  {t('nav.settings')}
                </NavLink>
              </nav>
            ) : null}
            <div className="header__tools">
              {user ? (
                <span className="header__user" data-testid="current-user" title={t('nav.signedInAs', { username: user.username })}>
                  <span className="visually-hidden">{t('nav.signedInAs', { username: '' })}</span>
                  <span className="header__username">{user.username}</span>
                  {user.isAdmin ? <span className="header__role">{t('nav.staff')}</span> : null}
                </span>
              ) : null}
              {user ? tools : null}
              <LanguageSwitch />
              {user ? (
                <Button variant="secondary" size="sm" onClick={onSignOut} busy={signingOut} data-testid="logout">
                  {t('nav.signOut')}
                </Button>
              ) : null}
            </div>
          </div>
          <ThemeToggle />
          {user ? (
            <Button
              variant="ghost"
              size="sm"
              className="icon-button header__menu-button"
              aria-controls={menuId}
              aria-label={t('nav.menu')}
              data-testid="menu-button"
              {...menu.buttonProps}
            >
              <span aria-hidden="true">{menu.open ? '✕' : '☰'}</span>
            </Button>
          ) : null}
        </div>
        {status}
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
