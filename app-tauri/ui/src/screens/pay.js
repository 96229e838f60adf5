// Citizens' payments: read a notice, ask pagoPA about it, pay through Checkout in the
// system browser; the attempts and the receipts kept on this device.
import { call, work, Channel } from '../ipc.js';
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
  const scanned = h('div', { id: 'scan-result', 'aria-live': 'polite' });
  const imagePath = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
  /** Shows what the core read in a picture; true when it held a notice. */
  const accept = (r) => {
    const first = r.found.find((f) => f.notice);
    if (first) {
      text.value = first.text;
      parsed = first.notice;
      renderNotice(notice, parsed, null);
    }
    fill(scanned, h('p', { class: 'small' }, t('desktop-pay-scan-found', { count: r.found.length })),
      h('ul', { class: 'small' }, r.found.map((f) => h('li', { class: 'text-break' }, f.text))));
    return Boolean(first);
  };
  const scan = async (args) => {
    fill(scanned, h('p', { class: 'small', l10n: 'desktop-pay-scanning' }));
    try {
      accept(await work('notice_scan', args, () => {}));
      showError(null);
    } catch (err) { fill(scanned); showError(err); }
  };
  const camera = webcam(scanned, async (bytes) => {
    const r = await work('notice_scan', { path: null, bytes, name: 'webcam.png' }, () => {});
    if (!r.found.some((f) => f.notice)) return false;
    accept(r);
    showError(null);
    return true;
  });
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
    h('fieldset', { class: 'mb-3' },
      h('legend', { class: 'h6', l10n: 'desktop-pay-scan' }),
      h('div', { class: 'form-group mb-2' },
        h('label', { for: 'notice-image', class: 'active', l10n: 'desktop-pay-scan-file' }),
        h('input', { type: 'file', id: 'notice-image', class: 'form-control', accept: 'image/png,image/jpeg', onchange: async (e) => {
          const f = e.target.files[0];
          if (f) await scan({ path: null, bytes: Array.from(new Uint8Array(await f.arrayBuffer())), name: f.name });
        } })),
      h('form', { id: 'scan-path-form', class: 'd-flex gap-2 align-items-end flex-wrap', onsubmit: async (e) => {
        e.preventDefault();
        if (imagePath.value.trim()) await scan({ path: imagePath.value.trim(), bytes: null, name: null });
      } },
        field('notice-image-path', 'desktop-pay-scan-path', imagePath),
        h('button', { type: 'submit', class: 'btn btn-outline-primary btn-sm mb-3' }, t('desktop-pay-scan-button'))),
      camera,
      scanned),
    notice,
    h('form', { id: 'checkout-form', class: 'mt-3', onsubmit: async (e) => {
      e.preventDefault();
      try {
        // Checkout sends the payer back to the app, which asks pagoPA: the outcome comes here.
        const onSettled = new Channel();
        const paying = text.value;
        onSettled.onmessage = (s) => { renderSettlement(notice, paying, s, history); };
        const started = await call('checkout_start', { notices: [paying], email: email.value || null, onSettled });
        fill(notice, h('div', { class: 'alert alert-info', id: 'checkout-waiting' },
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

/** The webcam: frames taken from the camera's stream, one at a time (none queued while the
 *  core reads one), each as PNG bytes to `read`, until it says a notice was found or the
 *  person stops. Where the system gives no camera, the button says so. */
function webcam(status, read) {
  const video = h('video', { id: 'webcam-video', class: 'd-none w-100 mb-2', autoplay: '', muted: '', playsinline: '', 'aria-label': t('desktop-pay-webcam-preview') });
  const canvas = document.createElement('canvas');
  let stream = null;
  let timer = null;
  let busy = false;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
    if (stream) stream.getTracks().forEach((tr) => tr.stop());
    stream = null;
    video.classList.add('d-none');
    start.classList.remove('d-none');
    halt.classList.add('d-none');
  };
  const frame = async () => {
    if (busy || !stream || !video.videoWidth) return;
    busy = true;
    try {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext('2d').drawImage(video, 0, 0);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (blob && stream && await read(Array.from(new Uint8Array(await blob.arrayBuffer())))) stop();
    } catch (err) {
      stop();
      showError(err);
    } finally { busy = false; }
  };
  const start = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm mb-2', id: 'webcam-start', onclick: async () => {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      fill(status, h('p', { class: 'small' }, t('desktop-pay-webcam-none')));
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      video.srcObject = stream;
      video.classList.remove('d-none');
      start.classList.add('d-none');
      halt.classList.remove('d-none');
      fill(status, h('p', { class: 'small', l10n: 'desktop-pay-webcam-looking' }));
      timer = setInterval(frame, 400);
    } catch (err) {
      stop();
      fill(status, h('p', { class: 'small' }, t('desktop-pay-webcam-none')));
    }
  } }, t('desktop-pay-webcam'));
  const halt = h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm mb-2 d-none', id: 'webcam-stop', onclick: stop }, t('desktop-pay-webcam-stop'));
  return h('div', { class: 'mb-2' }, start, halt, video);
}

/** What the core says of a payment after Checkout: paid, not paid, or unknown with "ask
 *  again" — the words are the core's. */
function renderSettlement(box, notice, s, history) {
  const kind = { paid: 'success', 'not-paid': 'warning' }[s.outcome] || 'secondary';
  const again = s.can_ask_again
    ? h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'pay-ask-again', onclick: async () => {
      try {
        renderSettlement(box, notice, await call('payment_settle', { notice, attempt: s.attempt ? s.attempt.id : null }), history);
        showError(null);
      } catch (err) { showError(err); }
    } }, t('desktop-pay-ask-again'))
    : null;
  fill(box, h('div', { class: `alert alert-${kind}`, id: 'pay-outcome', role: 'status', 'data-outcome': s.outcome },
    h('p', { class: 'mb-2' }, s.text), again));
  refresh(history);
}

function receiptPrint(r) {
  const out = h('p', { class: 'small mb-0', 'aria-live': 'polite' });
  const notice = `${r.receipt.rpt_id.creditor}${r.receipt.rpt_id.notice_number}`;
  return h('div', { class: 'mt-2' },
    h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm receipt-print', onclick: async () => {
      try {
        const p = await call('receipt_print', { notice });
        out.textContent = t(p.opened ? 'desktop-print-opened' : 'desktop-print-saved', { path: p.path });
        showError(null);
      } catch (err) { showError(err); }
    } }, t('desktop-pay-receipt-print')), out);
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
        h('div', { class: 'card-body' }, h('dl', { class: 'place-facts mb-0' }, r.lines.flatMap((l) => [h('dt', {}, l.label), h('dd', {}, l.value)])),
          receiptPrint(r)))))
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
