/**
 * Anyone holding a receipt checks it here (the QR on a duplicate opens this page): genuine or
 * not, the sale's time, amount and operator no., which copy and when it was reprinted. No
 * sign-in, and nothing about staff beyond the operator no. printed on the receipt itself.
 */
import type { VerifyView } from '../../server/index.js';
import { api } from '../api.js';
import { append, byId, clear, el } from '../dom.js';
import { money } from '../format.js';
import { onLangChange, t, tOr } from '../i18n.js';
import { showProblem, startPublicPage } from '../layout.js';
import { saleStateBlock } from '../sale-state.js';

let verdict: VerifyView | undefined;

function copyText(v: VerifyView): string {
  if (v.copy === undefined) return '';
  return v.copy === 0 ? t('verify.original') : t('verify.copy', { n: v.copy });
}

function render(): void {
  const host = byId('verdict');
  clear(host);
  if (!verdict) return;
  const v = verdict;
  const facts: [string, string | HTMLElement][] = v.sale
    ? [
        [t('verify.receipt'), copyText(v)],
        [t('verify.saleTime'), v.sale.time],
        [t('verify.amount'), money(v.sale.amount, v.sale.currency)],
        [t('verify.kind'), tOr(`kind.${v.sale.kind}`, v.sale.kind)],
        ...(v.sale.status ? ([[t('verify.status'), saleStateBlock(v.sale.status)]] as [string, HTMLElement][]) : []),
        [t('verify.operator'), v.sale.operatorNo],
        [t('verify.merchant'), v.sale.merchant],
        ...(typeof v.printedAt === 'string' ? ([[t('verify.printedAt'), v.printedAt]] as [string, string][]) : []),
        [t('verify.sale'), v.sale.id],
      ]
    : [];
  const missingCopy = v.genuine && v.printedAt === null && v.copy !== undefined;
  append(
    host,
    el(
      'div',
      { class: `verdict ${v.genuine && !missingCopy ? 'genuine' : 'not-genuine'}`, role: 'status', 'data-genuine': String(v.genuine) },
      el('p', { class: 'verdict-word' }, v.genuine ? t('verify.genuine') : t('verify.notGenuine')),
      !v.genuine ? el('p', {}, t('verify.notGenuineHelp')) : null,
      missingCopy ? el('p', {}, t('verify.noPrintedCopy', { n: v.copy ?? 0 })) : null,
    ),
    facts.length > 0 ? el('dl', { class: 'facts', id: 'verify-facts' }, ...facts.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)])) : null,
  );
}

async function check(code: string): Promise<void> {
  const error = byId('verify-error');
  error.hidden = true;
  verdict = undefined;
  render();
  if (code === '') return;
  byId('verdict').textContent = t('verify.checking');
  try {
    verdict = await api<VerifyView>(`/verify/${encodeURIComponent(code)}`, { noRedirect: true });
    render();
  } catch (failure) {
    clear(byId('verdict'));
    showProblem(error, failure);
  }
}

function main(): void {
  startPublicPage('verify.title');
  const form = byId<HTMLFormElement>('verify-form');
  const input = byId<HTMLInputElement>('code');
  input.value = new URLSearchParams(location.search).get('code') ?? '';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const code = input.value.trim();
    history.replaceState(null, '', code ? `?code=${encodeURIComponent(code)}` : location.pathname);
    void check(code);
  });
  onLangChange(render);
  void check(input.value.trim()).finally(() => (document.body.dataset.loaded = 'true'));
}

main();
