// Beacons: a registry (beacon → place) and a recorded trace replayed into "you are at …".
import { call } from '../ipc.js';
import { h, fill, field, showError } from '../dom.js';
import { t } from '../i18n.js';

export function init(root) {
  const registry = h('textarea', { rows: 3, spellcheck: 'false' });
  const trace = h('textarea', { rows: 5, spellcheck: 'false' });
  const out = h('div', { id: 'beacon-events', 'aria-live': 'polite' });
  const file = (target, name) => h('input', { type: 'file', class: 'form-control', accept: '.csv,.json,.jsonl',
    onchange: async (e) => { const f = e.target.files[0]; if (f) { target.value = await f.text(); target.dataset.name = f.name; } } , 'aria-label': name });
  fill(root,
    h('h1', { id: 'beacons-title', class: 'h3', l10n: 'desktop-beacons-title' }),
    h('p', { l10n: 'desktop-beacons-intro' }),
    h('div', { class: 'row' },
      h('div', { class: 'col-md-6' },
        field('beacon-registry', 'desktop-beacons-registry', registry),
        file(registry, t('desktop-beacons-registry-file')),
        h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm mt-2', id: 'beacon-registry-save', onclick: async () => {
          try {
            const msg = await call('beacons_import_registry', { name: registry.dataset.name || 'registry.csv', text: registry.value, replace: true });
            fill(out, h('div', { class: 'alert alert-success' }, msg));
            showError(null);
          } catch (e) { showError(e); }
        } }, t('desktop-beacons-registry-save'))),
      h('div', { class: 'col-md-6' },
        field('beacon-trace', 'desktop-beacons-trace', trace),
        file(trace, t('desktop-beacons-trace-file')),
        h('button', { type: 'button', class: 'btn btn-primary btn-sm mt-2', id: 'beacon-replay', onclick: async () => {
          try {
            const r = await call('beacons_replay', { name: trace.dataset.name || 'trace.jsonl', text: trace.value, tickMs: 1000 });
            fill(out,
              h('p', { class: 'fw-semibold' }, r.summary),
              h('ol', { class: 'it-list beacon-events' }, r.events.map((ev) =>
                h('li', { class: ev.kind === 'enter' ? 'enter' : 'exit' }, ev.text))));
            showError(null);
          } catch (e) { showError(e); }
        } }, t('desktop-beacons-replay')))),
    h('h2', { class: 'h5 mt-4', l10n: 'desktop-beacons-events' }),
    out);
}
