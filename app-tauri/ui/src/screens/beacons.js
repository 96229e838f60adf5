// Beacons: a registry (beacon → place) and a recorded trace replayed into "you are at …".
import { call, work } from '../ipc.js';
import { h, fill, field, showError } from '../dom.js';
import { t } from '../i18n.js';

export function init(root) {
  const registry = h('textarea', { rows: 3, spellcheck: 'false' });
  const trace = h('textarea', { rows: 5, spellcheck: 'false' });
  const out = h('div', { id: 'beacon-events', 'aria-live': 'polite' });
  const file = (target, name) => h('input', { type: 'file', class: 'form-control', accept: '.csv,.json,.jsonl',
    onchange: async (e) => { const f = e.target.files[0]; if (f) { target.value = await f.text(); target.dataset.name = f.name; } } , 'aria-label': name });
  const live = h('div', { id: 'beacon-live', 'aria-live': 'polite' });
  const seconds = h('input', { type: 'number', min: '1', max: '600', value: '30' });
  let scanning = null;
  const stop = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', id: 'beacon-scan-stop', disabled: true, onclick: async () => {
    if (scanning != null) await call('work_cancel', { id: scanning });
  } }, t('desktop-beacons-scan-stop'));
  const heard = h('ol', { class: 'it-list beacon-events beacon-live-events' });
  const scan = async () => {
    stop.disabled = false;
    fill(live, h('p', { class: 'small', l10n: 'desktop-beacons-scanning' }), heard);
    fill(heard);
    try {
      const r = await work('beacons_scan', { seconds: Number(seconds.value) || 30 }, (ev) => {
        if (ev.event === 'started') scanning = ev.id;
        if (ev.event === 'heard') heard.append(h('li', { class: ev.kind === 'exit' ? 'exit' : 'enter' }, ev.text));
      });
      fill(live, h('p', { class: 'fw-semibold' }, r.summary), heard);
      showError(null);
    } catch (e) {
      const noAdapter = ['beacons.no-adapter', 'beacons.bluetooth-unavailable', 'beacons.no-ble'].includes(e && e.code);
      fill(live, h('div', { class: noAdapter ? 'alert alert-warning' : 'alert alert-danger', id: noAdapter ? 'beacon-no-adapter' : null },
        h('p', { class: 'mb-1 fw-semibold' }, noAdapter ? t('desktop-beacons-no-adapter') : t('desktop-beacons-scan-failed')),
        h('p', { class: 'mb-0 small' }, e && e.message ? e.message : String(e))));
    } finally { scanning = null; stop.disabled = true; }
  };
  fill(root,
    h('h1', { id: 'beacons-title', class: 'h3', l10n: 'desktop-beacons-title' }),
    h('p', { l10n: 'desktop-beacons-intro' }),
    h('section', { class: 'mb-4', 'aria-labelledby': 'beacon-live-title' },
      h('h2', { id: 'beacon-live-title', class: 'h5', l10n: 'desktop-beacons-live' }),
      h('div', { class: 'd-flex gap-2 align-items-end flex-wrap' },
        h('div', { class: 'mt-4', style: 'min-width: 14rem' }, field('beacon-seconds', 'desktop-beacons-seconds', seconds)),
        h('button', { type: 'button', class: 'btn btn-primary btn-sm mb-3', id: 'beacon-scan', onclick: scan }, t('desktop-beacons-scan')),
        h('div', { class: 'mb-3' }, stop)),
      live),
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
