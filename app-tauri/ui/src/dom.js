// Building the page from data without HTML strings (nothing a source writes becomes markup).
import { t } from './i18n.js';

/** An element: `h('p', { class: 'x', onclick: f }, 'text', child)`. Attribute `l10n` sets a
 *  Fluent id (and `l10nArgs` its arguments), translated now. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'l10n') el.dataset.l10nId = v;
    else if (k === 'l10nArgs') el.dataset.l10nArgs = JSON.stringify(v);
    else if (k === 'class') el.className = v;
    // Through the CSSOM: the CSP allows no inline style attribute.
    else if (k === 'style') el.style.cssText = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  if (el.dataset.l10nId && children.length === 0) {
    el.textContent = t(el.dataset.l10nId, el.dataset.l10nArgs ? JSON.parse(el.dataset.l10nArgs) : undefined);
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A Bootstrap Italia icon from its sprite. */
export function icon(name, extra = '') {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', `icon icon-sm ${extra}`.trim());
  svg.setAttribute('aria-hidden', 'true');
  const use = document.createElementNS('http://www.w3.org/2000/svg', 'use');
  use.setAttribute('href', `vendor/bootstrap-italia/svg/sprites.svg#${name}`);
  svg.append(use);
  return svg;
}

/** A labelled form field (Bootstrap Italia's `form-group`). */
export function field(id, l10nId, input) {
  input.id = id;
  if (!input.className) input.className = input.tagName === 'SELECT' ? 'form-select' : 'form-control';
  return h('div', { class: 'form-group mb-3' }, h('label', { for: id, class: 'active', l10n: l10nId }), input);
}

/** The core's error in the page's alert (its message, its code for support). */
export function showError(e) {
  const box = document.getElementById('error');
  if (!e) {
    box.classList.add('d-none');
    box.textContent = '';
    return;
  }
  const message = e && typeof e === 'object' && 'message' in e ? e.message : String(e);
  box.replaceChildren(
    h('strong', {}, message),
    e && e.code ? h('span', { class: 'ms-2 small' }, `(${e.code})`) : null,
  );
  box.classList.remove('d-none');
}

/** Clears `el` and appends `children`. */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c != null && c !== false));
  return el;
}
