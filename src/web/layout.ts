/**
 * What every signed-in page shares: the header with the navigation, who is signed in, the
 * language toggle and sign-out; the session check; how a refusal from the server is shown.
 */
import { ApiError, logout, me, type PageProblem, type Session } from './api.js';
import { append, clear, el } from './dom.js';
import { applyI18n, lang, onLangChange, setLang, t, tOr, type Key } from './i18n.js';

export type PageName = 'search' | 'receipt' | 'audit' | 'printers' | 'reports';

const NAV: readonly { page: PageName; href: string; label: Key; permission?: string }[] = [
  { page: 'search', href: '/', label: 'nav.search', permission: 'sales.read' },
  { page: 'reports', href: '/reports.html', label: 'nav.reports', permission: 'reports.read' },
  { page: 'printers', href: '/printers.html', label: 'nav.printers' },
  { page: 'audit', href: '/audit.html', label: 'nav.audit', permission: 'audit.read' },
];

const TITLES: Record<PageName, Key> = { search: 'search.title', receipt: 'receipt.title', audit: 'audit.title', printers: 'printers.title', reports: 'reports.title' };

function setTitle(page: Key): void {
  document.title = `${t(page)} — ${t('app.name')}`;
}

/** The language toggle button (also on the sign-in page). */
export function languageButton(): HTMLButtonElement {
  const button = el('button', { type: 'button', id: 'lang-toggle', class: 'lang-toggle' });
  const label = () => {
    button.textContent = t('lang.switch');
    button.setAttribute('aria-label', t('lang.switchLabel'));
    button.setAttribute('lang', lang() === 'en' ? 'zh-CN' : 'en');
  };
  label();
  button.addEventListener('click', () => {
    setLang(lang() === 'en' ? 'zh' : 'en');
    label();
  });
  return button;
}

/**
 * Starts a page anyone may open (sign-in, receipt check): labels in the chosen language, the
 * title, and the language toggle in place of #lang-slot.
 */
export function startPublicPage(title: Key): void {
  applyI18n();
  const setPageTitle = () => (document.title = `${t(title)} — ${t('app.name')}`);
  setPageTitle();
  onLangChange(setPageTitle);
  document.getElementById('lang-slot')?.replaceWith(languageButton());
}

function header(page: PageName, session: Session): HTMLElement {
  const host = document.getElementById('site-header') ?? document.body.insertBefore(el('header', { id: 'site-header', class: 'site-header' }), document.body.firstChild);
  clear(host);
  const nav = el(
    'nav',
    { 'aria-label': t('nav.label'), 'data-i18n-aria-label': 'nav.label' },
    el(
      'ul',
      {},
      ...NAV.filter((item) => item.permission === undefined || session.permissions.includes(item.permission)).map((item) =>
        el('li', {}, el('a', { href: item.href, 'data-i18n': item.label, ...(item.page === page ? { 'aria-current': 'page' } : {}) }, t(item.label))),
      ),
    ),
  );
  const who = el('span', { class: 'who', id: 'who' });
  const whoText = () => {
    who.textContent = t('user.signedIn', { name: session.user.name, role: tOr(`role.${session.user.role}`, session.user.role) });
  };
  whoText();
  onLangChange(whoText);
  const signOut = el('button', { type: 'button', id: 'sign-out', 'data-i18n': 'user.signOut' }, t('user.signOut'));
  const signOutProblem = el('div', { class: 'sign-out-problem', role: 'alert', hidden: '' });
  signOut.addEventListener('click', async () => {
    signOut.disabled = true;
    try {
      await logout();
    } catch (error) {
      // Signed out already (401) is what was asked; anything else leaves a session open on this
      // computer: said here, never hidden behind a sign-in page that would let it back in.
      if (!(error instanceof ApiError && error.status === 401)) {
        signOut.disabled = false;
        showProblem(signOutProblem, error, 'user.signOutFailed');
        return;
      }
    }
    location.assign('/login.html');
  });
  append(host, el('a', { class: 'brand', href: '/', 'data-i18n': 'app.name' }, t('app.name')), nav, el('div', { class: 'session' }, who, languageButton(), signOut), signOutProblem);
  return host;
}

/**
 * Starts a signed-in page: labels in the chosen language, the session (to the sign-in page
 * without one), the header. With `permission`, a user whose role lacks it is told so.
 */
export async function startPage(page: PageName, permission?: string): Promise<Session | undefined> {
  applyI18n();
  setTitle(TITLES[page]);
  onLangChange(() => setTitle(TITLES[page]));
  let session: Session;
  try {
    session = await me();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined; // on its way to the sign-in page
    showProblem(document.getElementById('main') ?? document.body, error);
    return undefined;
  }
  header(page, session);
  document.body.classList.add('ready');
  if (permission !== undefined && !session.permissions.includes(permission)) {
    const main = document.getElementById('main');
    if (main) {
      clear(main);
      append(main, el('p', { class: 'problem', role: 'alert', 'data-i18n': 'common.notAllowed' }, t('common.notAllowed')));
    }
    return undefined;
  }
  return session;
}

/**
 * Shows a refusal where it happened, as the server worded it in the page's language: what
 * is wrong, how to fix it, each bad field. The code stays out of sight (data-code, for tools).
 */
export function problemBox(error: unknown, heading?: Key): HTMLElement {
  const problem: PageProblem = error instanceof ApiError ? error.problem : { status: 0, code: 'ERROR', detail: error instanceof Error ? error.message : String(error) };
  const title = heading ? t(heading) : (problem.title ?? t('common.error'));
  return el(
    'div',
    { class: 'problem', role: 'alert', 'data-code': problem.code },
    el('p', {}, el('strong', {}, `${title}${lang() === 'zh' ? '：' : ': '}`), el('span', { class: 'detail' }, problem.detail)),
    problem.hint ? el('p', { class: 'hint' }, el('strong', {}, `${t('common.hint')}${lang() === 'zh' ? '：' : ': '}`), problem.hint) : null,
    problem.errors?.length ? el('ul', { class: 'field-errors' }, ...problem.errors.map((e) => el('li', { 'data-path': e.path }, t('common.field', { message: e.message })))) : null,
  );
}

export function showProblem(container: HTMLElement, error: unknown, heading?: Key): void {
  clear(container);
  container.hidden = false;
  append(container, problemBox(error, heading));
}
