// Suppliers' invoices to the comune: import an invoice file (FatturaPA XML or a signed .p7m),
// the invoices on this device with their state, one invoice with its history.
import { call } from '../ipc.js';
import { h, fill, field, showError } from '../dom.js';
import { t } from '../i18n.js';

const el = {};

export function init(root) {
  el.list = h('div', { id: 'invoice-list' });
  el.detail = h('div', { id: 'invoice-detail', tabindex: '-1' });
  el.imported = h('div', { id: 'invoice-imported', 'aria-live': 'polite' });
  const path = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const doImport = async (args) => {
    try {
      const r = await call('invoices_import', args);
      fill(el.imported, h('div', { class: 'alert alert-success' },
        h('p', { class: 'mb-1 fw-semibold' }, r.headline),
        r.notes.map((n) => h('p', { class: 'mb-0 small' }, n))));
      await refresh();
      showError(null);
    } catch (e) { fill(el.imported); showError(e); }
  };
  fill(root,
    h('h1', { id: 'invoices-title', class: 'h3', l10n: 'desktop-invoices-title' }),
    h('p', { l10n: 'desktop-invoices-intro' }),
    h('div', { class: 'row' },
      h('div', { class: 'col-lg-4' },
        h('h2', { class: 'h5', l10n: 'desktop-invoices-import' }),
        h('div', { class: 'form-group mb-2' },
          h('label', { for: 'invoice-file', class: 'active', l10n: 'desktop-invoices-file' }),
          h('input', { type: 'file', id: 'invoice-file', class: 'form-control', accept: '.xml,.p7m', onchange: async (e) => {
            const f = e.target.files[0];
            if (f) await doImport({ path: null, name: f.name, bytes: Array.from(new Uint8Array(await f.arrayBuffer())) });
          } })),
        h('form', { id: 'invoice-path-form', onsubmit: async (e) => {
          e.preventDefault();
          if (path.value.trim()) await doImport({ path: path.value.trim(), name: null, bytes: null });
        } },
          field('invoice-path', 'desktop-invoices-path', path),
          h('button', { type: 'submit', class: 'btn btn-primary btn-sm' }, t('desktop-invoices-import-button'))),
        el.imported),
      h('div', { class: 'col-lg-8' },
        h('h2', { class: 'h5', l10n: 'desktop-invoices-list' }), el.list, el.detail)));
  refresh();
}

async function refresh() {
  try {
    const rows = await call('invoices_list');
    fill(el.list, rows.length
      ? h('table', { class: 'table table-sm' },
        h('thead', {}, h('tr', {}, ['date', 'number', 'supplier', 'total', 'sdi', 'step', 'term'].map((c) => h('th', { scope: 'col', l10n: `desktop-invoices-col-${c}` })))),
        h('tbody', {}, rows.map((r) => h('tr', {},
          h('td', {}, r.date),
          h('td', {}, h('button', { type: 'button', class: 'btn btn-link btn-sm p-0', 'data-invoice': String(r.id), onclick: () => openInvoice(r.id) }, r.number)),
          h('td', {}, r.supplier), h('td', {}, r.total), h('td', {}, r.sdi), h('td', {}, r.step), h('td', {}, r.timeliness)))))
      : h('p', { class: 'text-muted', l10n: 'desktop-invoices-none' }));
  } catch (e) { showError(e); }
}

async function openInvoice(id) {
  try {
    const d = await call('invoice_detail', { id });
    fill(el.detail,
      h('h3', { class: 'h6 mt-3', l10n: 'desktop-invoices-detail' }),
      h('dl', { class: 'place-facts' }, d.rows.flatMap((l) => [h('dt', {}, l.label), h('dd', {}, l.value)])),
      h('h4', { class: 'h6' }, d.events_label),
      h('ol', { class: 'small invoice-events' }, d.events.map((ev) => h('li', {}, ev.when ? `${ev.when} — ${ev.text}` : ev.text))));
    el.detail.focus();
    showError(null);
  } catch (e) { showError(e); }
}
