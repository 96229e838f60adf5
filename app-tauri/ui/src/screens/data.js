// Open data on this device: the bundled sample, a portal's harvest; progress and cancel.
import { work, call } from '../ipc.js';
import { h, fill, field, showError } from '../dom.js';
import { t } from '../i18n.js';

let running = null;

export function init(root, onChanged) {
  const bar = h('div', { class: 'progress-bar', role: 'progressbar', style: 'width:0%', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', 'aria-labelledby': 'work-step' });
  const step = h('p', { id: 'work-step', class: 'small mb-1', 'aria-live': 'polite' });
  const result = h('div', { id: 'work-result', 'aria-live': 'polite' });
  const quarantine = h('div', { id: 'quarantine' });
  const cancel = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', id: 'work-cancel', disabled: true, onclick: async () => {
    if (running != null) await call('work_cancel', { id: running });
  } }, t('desktop-work-cancel'));
  const portal = h('input', { type: 'url', placeholder: 'https://dati.example.it' });
  const organization = h('input', { type: 'text' });
  const paths = h('textarea', { rows: 2, spellcheck: 'false' });
  const licence = h('input', { type: 'text', value: 'CC-BY-4.0' });
  const run = async (cmd, args) => {
    fill(result);
    cancel.disabled = false;
    try {
      const summary = await work(cmd, args, (ev) => {
        if (ev.event === 'started') running = ev.id;
        if (ev.event === 'progress') {
          const pct = ev.total ? Math.round((100 * ev.done) / ev.total) : 0;
          bar.style.width = `${pct}%`;
          bar.setAttribute('aria-valuenow', String(pct));
          step.textContent = `${ev.message}${ev.item ? ` — ${ev.item}` : ''} (${ev.done}${ev.total ? `/${ev.total}` : ''})`;
        }
      });
      fill(result, h('div', { class: 'alert alert-success' }, summary.lines.map((l) => h('p', { class: 'mb-0' }, l))));
      await showQuarantine(quarantine, summary);
      showError(null);
      await onChanged();
    } catch (e) {
      showError(e);
    } finally {
      running = null;
      cancel.disabled = true;
    }
  };
  fill(root,
    h('h1', { id: 'data-title', class: 'h3', l10n: 'desktop-data-title' }),
    h('p', { l10n: 'desktop-data-intro' }),
    h('button', { type: 'button', class: 'btn btn-primary btn-sm', id: 'import-sample', onclick: () => run('work_import_sample', {}) }, t('desktop-import-sample')),
    h('form', { id: 'import-form', class: 'mt-4', onsubmit: (e) => {
      e.preventDefault();
      const files = paths.value.split('\n').map((p) => p.trim()).filter(Boolean);
      run('work_import', { files, licence: licence.value || null });
    } },
      h('h2', { class: 'h5', l10n: 'desktop-data-import' }),
      field('import-paths', 'desktop-data-import-paths', paths),
      field('import-licence', 'desktop-data-import-licence', licence),
      h('div', { class: 'd-flex gap-2' },
        h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', id: 'import-preview', onclick: async () => {
          const files = paths.value.split('\n').map((p) => p.trim()).filter(Boolean);
          try {
            fill(result);
            showPreview(quarantine, await call('places_import_preview', { files, licence: licence.value || null, limit: 200 }));
            showError(null);
          } catch (e) { fill(quarantine); showError(e); }
        } }, t('desktop-data-preview-button')),
        h('button', { type: 'submit', class: 'btn btn-outline-primary btn-sm' }, t('desktop-data-import-button')))),
    h('form', { id: 'sync-form', class: 'mt-4', onsubmit: (e) => { e.preventDefault(); run('work_sync_portal', { portal: portal.value, organization: organization.value || null }); } },
      h('h2', { class: 'h5', l10n: 'desktop-data-sync' }),
      field('portal', 'desktop-data-portal', portal),
      field('organization', 'desktop-data-organization', organization),
      h('button', { type: 'submit', class: 'btn btn-outline-primary btn-sm' }, t('desktop-data-sync-button'))),
    h('div', { class: 'mt-4' }, step, h('div', { class: 'progress mb-2' }, bar), cancel),
    result,
    quarantine);
}

// Before importing: what each file would give, and the rows that would go to quarantine, why.
function showPreview(box, previews) {
  const rows = previews.flatMap((p) => p.quarantine);
  fill(box,
    h('h2', { class: 'h5', l10n: 'desktop-data-preview' }),
    h('ul', { class: 'small' }, previews.map((p) => h('li', { class: 'text-break' }, t('desktop-data-preview-file', { file: p.file, rows: p.rows, pois: p.pois, quarantined: p.quarantined })))),
    rows.length ? h('table', { class: 'table table-sm' },
      h('thead', {}, h('tr', {}, ['file', 'row', 'reason'].map((c) => h('th', { scope: 'col', l10n: `desktop-data-quarantine-${c}` })))),
      h('tbody', {}, rows.map((r) => h('tr', {}, h('td', { class: 'text-break' }, r.resource), h('td', {}, String(r.row)), h('td', {}, r.message)))))
      : null);
}

// What a curator checks after an import: the rows that did not become places, and why.
async function showQuarantine(box, summary) {
  fill(box);
  if (!summary.quarantined || !summary.datasets || !summary.datasets.length) return;
  try {
    const lists = await Promise.all(summary.datasets.map((dataset) => call('places_quarantine', { dataset, limit: 200 })));
    const rows = lists.flat();
    fill(box,
      h('h2', { class: 'h5', l10n: 'desktop-data-quarantine', l10nArgs: { count: summary.quarantined } }),
      h('table', { class: 'table table-sm' },
        h('thead', {}, h('tr', {}, ['file', 'row', 'reason'].map((c) => h('th', { scope: 'col', l10n: `desktop-data-quarantine-${c}` })))),
        h('tbody', {}, rows.map((r) => h('tr', {}, h('td', { class: 'text-break' }, r.resource), h('td', {}, String(r.row)), h('td', {}, r.message))))));
  } catch (e) { showError(e); }
}
