/** Sign-in page: name and password → session cookie, then back to where the user was going. */
import { ApiError, login, me } from '../api.js';
import { byId, clear, valueOf } from '../dom.js';
import { t } from '../i18n.js';
import { showProblem, startPublicPage } from '../layout.js';
import { nextPage as nextPageOf } from '../next-page.js';

/** Only a page of this site (never another origin) is a place to go back to. */
const nextPage = () => nextPageOf(new URLSearchParams(location.search).get('next'), location.origin);

async function main(): Promise<void> {
  startPublicPage('login.title');
  const form = byId<HTMLFormElement>('login-form');
  const error = byId('login-error');
  const submit = byId<HTMLButtonElement>('login-submit');
  try {
    await me({ noRedirect: true });
    location.replace(nextPage()); // already signed in
    return;
  } catch {
    // not signed in: stay
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(error);
    submit.disabled = true;
    submit.textContent = t('login.busy');
    try {
      await login(valueOf(form, 'username'), byId<HTMLInputElement>('password').value);
      location.assign(nextPage());
    } catch (failure) {
      showProblem(error, failure instanceof ApiError ? failure : new Error(String(failure)));
      byId<HTMLInputElement>('password').select();
    } finally {
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  });
}

void main();
