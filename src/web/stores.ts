/**
 * The store filter and store column of the search, reports and audit pages. At head office a
 * supervisor always wants to know which shop a line is from (a print-out names it even when
 * filtered to one shop); in a shop every line is its own, so the column would only be noise.
 * The filter shows when there is a choice: two stores or more the user may see.
 */
import { api } from './api.js';
import { append, byId, el } from './dom.js';

interface StoresView {
  headOffice: boolean;
  limited: boolean;
  stores: { id: string; name?: string }[];
}

let view: StoresView = { headOffice: false, limited: false, stores: [] };

/** Reads the stores the user may choose and fills the form's store filter; a page without the list still works. */
export async function setUpStoreFilter(): Promise<void> {
  try {
    view = await api<StoresView>('/stores');
  } catch {
    return;
  }
  const select = byId<HTMLSelectElement>('store');
  for (const s of view.stores) append(select, el('option', { value: s.id }, s.name ? `${s.id} ${s.name}` : s.id));
  byId('store-field').hidden = view.stores.length < 2;
}

/** Whether lists name each line's store. */
export function showsStores(): boolean {
  return view.headOffice || view.stores.length > 1;
}

/** A line's store, as the store column shows it. */
export function storeCell(storeId: unknown): HTMLElement {
  return el('span', { class: 'mono store' }, typeof storeId === 'string' ? storeId : '');
}

/** The receipt page of a line; at head office with its store, since two shops may hold the same id. */
export function receiptHref(id: string, storeId: string | undefined): string {
  const store = storeId && showsStores() ? `&store=${encodeURIComponent(storeId)}` : '';
  return `/receipt.html?id=${encodeURIComponent(id)}${store}`;
}
