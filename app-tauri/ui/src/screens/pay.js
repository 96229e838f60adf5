// Citizens' payments: read a notice, ask pagoPA about it, pay through Checkout in the
// system browser; the attempts and the receipts kept on this device.
import { call } from '../ipc.js';
import { h, fill, field, showError } from '../dom.js';
import { t } from '../i18n.js';

let root;

export function init(el) {
  root = el;
  const text = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const email = h('input', { type: 'email', autocomplete: 'email' });
  const notice = h('div', { id: 'notice', 'aria-live': 'polite' });
  const history = h('div', { id: 'ledger' });
  let parsed = null;
  fill(root,
    h('h1', { id: 'pay-title', class: 'h3', l10n: 'desktop-pay-title' }),
    h('p', { l10n: 'desktop-pay-intro' }),
    h('form', { id: 'notice-form', onsubmit: async (e) => {
      e.preventDefault();
      try {
        parsed = await call('notice_parse', { text: text.value, creditor: null });
        renderNotice(notice, parsed, null);
        showError(null);
      } catch (err) { parsed = null; fill(notice); showError(err); }
    } },
      field('notice-text', 'desktop-pay-notice', text),
      h('div', { class: 'd-flex gap-2 flex-wrap' },
        h('button', { type: 'submit', class: 'btn btn-primary btn-sm' }, t('desktop-pay-read')),
        h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'notice-check', onclick: async () => {
          try {
            const status = await call('notice_check', { text: text.value });
            renderNotice(notice, parsed, status);
            showError(null);
          } catch (err) { showError(err); }
        } }, t('desktop-pay-check')))),
    notice,
    h('form', { id: 'checkout-form', class: 'mt-3', onsubmit: async (e) => {
      e.preventDefault();
      try {
        const started = await call('checkout_start', { notices: [text.value], email: email.value || null });
        fill(notice, h('div', { class: 'alert alert-info' },
          h('p', {}, t(started.opened ? 'desktop-pay-checkout-opened' : 'desktop-pay-checkout-open')),
          h('p', { class: 'small text-break' }, started.checkout_url)));
        await refresh(history);
        showError(null);
      } catch (err) { showError(err); }
    } },
      field('checkout-email', 'desktop-pay-email', email),
      h('button', { type: 'submit', class: 'btn btn-success btn-sm' }, t('desktop-pay-checkout'))),
    h('div', { class: 'd-flex align-items-center gap-2 mt-4' },
      h('h2', { class: 'h5 mb-0', l10n: 'desktop-pay-history' }),
      h('button', { type: 'button', class: 'btn btn-outline-secondary btn-xs btn-sm', onclick: async () => {
        try { await call('ledger_reconcile'); await refresh(history); showError(null); } catch (err) { showError(err); }
      } }, t('desktop-pay-reconcile'))),
    history);
  refresh(history);
}

function renderNotice(box, n, status) {
  const rows = [];
  if (n) {
    rows.push(h('dt', { l10n: 'desktop-pay-creditor' }), h('dd', {}, n.rpt_id.creditor));
    rows.push(h('dt', { l10n: 'desktop-pay-number' }), h('dd', {}, n.rpt_id.notice_number));
    if (n.amount != null) rows.push(h('dt', { l10n: 'desktop-pay-amount' }), h('dd', {}, formatCents(n.amount)));
  }
  if (status) rows.push(h('dt', { l10n: 'desktop-pay-status' }), h('dd', {}, statusText(status)));
  fill(box, h('dl', { class: 'place-facts' }, rows));
}

function formatCents(c) {
  const cents = typeof c === 'object' && c !== null ? (c.cents ?? c.value ?? 0) : Number(c);
  return new Intl.NumberFormat(document.documentElement.lang, { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

function statusText(s) {
  if (typeof s === 'string') return s;
  if (s && typeof s === 'object') return s.status || s.state || Object.keys(s)[0] || JSON.stringify(s);
  return String(s);
}

async function refresh(box) {
  try {
    const [attempts, receipts] = await Promise.all([call('ledger_attempts', { limit: 20 }), call('ledger_receipts')]);
    fill(box,
      h('h3', { class: 'h6', l10n: 'desktop-pay-receipts' }),
      receipts.length ? h('ul', { class: 'list-unstyled' }, receipts.map((r) => h('li', { class: 'card card-bg mb-2' },
        h('div', { class: 'card-body' }, h('dl', { class: 'place-facts mb-0' }, r.lines.map((l) => [h('dt', {}, l.label), h('dd', {}, l.value)]))))))
        : h('p', { class: 'text-muted', l10n: 'desktop-pay-no-receipts' }),
      h('h3', { class: 'h6', l10n: 'desktop-pay-attempts' }),
      attempts.length ? h('table', { class: 'table table-sm' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', l10n: 'desktop-pay-attempt' }), h('th', { scope: 'col', l10n: 'desktop-pay-status' }))),
        h('tbody', {}, attempts.map((a) => h('tr', {}, h('td', {}, String(a.id)), h('td', {}, statusText(a.state))))))
        : h('p', { class: 'text-muted', l10n: 'desktop-pay-no-attempts' }));
  } catch (e) {
    showError(e);
  }
}
