/** Small DOM helpers: typed look-ups and element building without innerHTML. */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no element #${id}`);
  return found as T;
}

type Child = Node | string | number | null | undefined | false;

export interface Attrs {
  [name: string]: string | number | boolean | undefined | ((event: Event) => void);
}

/** Builds an element: attributes (on* as listeners, booleans as presence) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') node.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** A form field's trimmed value ('' when absent). */
export function valueOf(form: HTMLFormElement, name: string): string {
  const field = form.elements.namedItem(name);
  if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement || field instanceof HTMLTextAreaElement) return field.value.trim();
  return '';
}

/**
 * A table with a caption, column headers (scope=col) and rows. The caption is for screen
 * readers only when a visible heading already says the same (`hideCaption`). Each cell
 * carries its column's name (data-label): on a phone the rows stack as cards that show it.
 */
export function table(caption: string, headers: readonly string[], rows: readonly Child[][], options: { id?: string; className?: string; hideCaption?: boolean } = {}): HTMLTableElement {
  return el(
    'table',
    { ...(options.id ? { id: options.id } : {}), class: options.className ?? 'data stack' },
    el('caption', options.hideCaption ? { class: 'visually-hidden' } : {}, caption),
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((cell, i) => el('td', { 'data-label': headers[i] ?? '' }, cell))))),
  );
}
