// Open data on this device: the bundled sample, a portal's harvest; progress and cancel.
import { work, call } from '../ipc.js';
import { h, fill, field, showError } from '../dom.js';
import { t } from '../i18n.js';

let running = null;

export function init(root, onChanged) {
  const bar = h('div', { class: 'progress-bar', role: 'progressbar', style: 'width:0%', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', 'aria-labelledby': 'work-step' });
  const step = h('p', { id: 'work-step', class: 'small mb-1', 'aria-live': 'polite' });
  const result = h('div', { id: 'work-result', 'aria-live': 'polite' });
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
      h('button', { type: 'submit', class: 'btn btn-outline-primary btn-sm' }, t('desktop-data-import-button'))),
    h('form', { id: 'sync-form', class: 'mt-4', onsubmit: (e) => { e.preventDefault(); run('work_sync_portal', { portal: portal.value, organization: organization.value || null }); } },
      h('h2', { class: 'h5', l10n: 'desktop-data-sync' }),
      field('portal', 'desktop-data-portal', portal),
      field('organization', 'desktop-data-organization', organization),
      h('button', { type: 'submit', class: 'btn btn-outline-primary btn-sm' }, t('desktop-data-sync-button'))),
    h('div', { class: 'mt-4' }, step, h('div', { class: 'progress mb-2' }, bar), cancel),
    result);
}
