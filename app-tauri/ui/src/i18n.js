// Fluent in the page: the same `locales/<lang>/desktop.ftl` files as the core's, through
// @fluent/bundle; the chosen language, then Italian, then English.
import { FluentBundle, FluentResource } from './vendor/fluent-bundle/index.js';

let chain = [];
let current = 'it';

async function bundle(lang) {
  try {
    const res = await fetch(`locales/${lang}/desktop.ftl`);
    if (!res.ok) return null;
    const b = new FluentBundle(lang, { useIsolating: false });
    const errors = b.addResource(new FluentResource(await res.text()));
    if (errors.length) console.warn(`desktop.ftl (${lang})`, errors);
    return b;
  } catch {
    return null;
  }
}

/** Loads `lang` (with its fallbacks) and translates the page. */
export async function setLanguage(lang) {
  const order = [...new Set([lang, 'it', 'en'])];
  chain = (await Promise.all(order.map(bundle))).filter(Boolean);
  current = lang;
  document.documentElement.lang = lang;
  translate(document);
}

export function language() {
  return current;
}

/** The message `id` with `args`, in the first language that has it (else the id). */
export function t(id, args) {
  for (const b of chain) {
    const m = b.getMessage(id);
    if (m && m.value) return b.formatPattern(m.value, args);
  }
  return id;
}

/** An attribute of message `id`, or null. */
export function tAttr(id, attr, args) {
  for (const b of chain) {
    const m = b.getMessage(id);
    if (m && m.attributes && m.attributes[attr]) return b.formatPattern(m.attributes[attr], args);
  }
  return null;
}

/** Translates every `[data-l10n-id]` under `root`: its text (when the message has a value),
 *  and its `aria-label`, `placeholder`, `title` from the message's attributes. */
export function translate(root) {
  for (const el of root.querySelectorAll('[data-l10n-id]')) {
    const id = el.dataset.l10nId;
    const args = el.dataset.l10nArgs ? JSON.parse(el.dataset.l10nArgs) : undefined;
    const value = chain.some((b) => b.getMessage(id)?.value) ? t(id, args) : null;
    // `data-l10n-aria`: the message names the element (a map, a legend) instead of being its text.
    if (value != null && 'l10nAria' in el.dataset) el.setAttribute('aria-label', value);
    else if (value != null && !['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) el.textContent = value;
    for (const attr of ['aria-label', 'placeholder', 'title']) {
      const v = tAttr(id, attr, args);
      if (v != null) el.setAttribute(attr, v);
    }
  }
}

/** Sets `el`'s message and translates it now. */
export function l10n(el, id, args) {
  el.dataset.l10nId = id;
  if (args) el.dataset.l10nArgs = JSON.stringify(args);
  else delete el.dataset.l10nArgs;
  translate(el.parentNode || el);
  return el;
}
