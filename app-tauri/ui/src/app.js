// The page's start: the language, the screens, the navigation (one screen at a time, by the
// address's #fragment).
import { call } from './ipc.js';
import { setLanguage, t } from './i18n.js';
import { h, fill, showError } from './dom.js';
import * as visit from './screens/visit.js';
import * as beacons from './screens/beacons.js';
import * as pay from './screens/pay.js';
import * as practices from './screens/practices.js';
import * as invoices from './screens/invoices.js';
import * as desk from './screens/desk.js';
import * as data from './screens/data.js';

// What the CSP refused, for the tests (in the browser and in the real app) to find empty.
const metrics = (globalThis.__campanileMetrics = globalThis.__campanileMetrics || { keystrokes: [] });
metrics.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => metrics.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));

const SCREENS = ['visit', 'beacons', 'pay', 'practices', 'invoices', 'desk', 'data'];
const built = new Set();

function build(name) {
  const root = document.getElementById(`screen-${name}`);
  if (name === 'beacons') beacons.init(root);
  if (name === 'pay') pay.init(root);
  if (name === 'practices') practices.init(root);
  if (name === 'invoices') invoices.init(root);
  if (name === 'desk') desk.init(root);
  if (name === 'data') data.init(root, () => visit.reload());
  built.add(name);
}

function show() {
  const name = SCREENS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'visit';
  if (name !== 'visit' && !built.has(name)) build(name);
  for (const s of SCREENS) document.getElementById(`screen-${s}`).classList.toggle('d-none', s !== name);
  for (const a of document.querySelectorAll('#nav a')) {
    const on = a.dataset.screen === name;
    a.classList.toggle('active', on);
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${t(`desktop-nav-${name}`)} — Campanile`;
  showError(null);
  return name;
}

async function start() {
  const [langs, chosen] = await Promise.all([call('language_list'), call('language_get')]);
  await setLanguage(chosen.ui);
  const select = document.getElementById('language');
  fill(select, langs.map((l) => h('option', { value: l.code, lang: l.code }, t(`desktop-language-${l.code}`))));
  select.value = chosen.ui;
  select.addEventListener('change', async () => {
    try {
      const c = await call('language_set', { code: select.value });
      await setLanguage(c.ui);
      for (const o of select.options) o.textContent = t(`desktop-language-${o.value}`);
      built.clear();
      const name = show();
      if (name !== 'visit') build(name);
      await visit.reload();
    } catch (e) { showError(e); }
  });
  window.addEventListener('hashchange', () => {
    const name = show();
    if (name !== 'visit') document.getElementById(`screen-${name}`).querySelector('h1')?.focus?.();
  });
  show();
  await visit.init();
  document.body.dataset.ready = 'true';
}

start().catch((e) => { console.error(e); showError(e); });
