// Counter staff's desk through the hub: sign in, open a practice, change its state, the
// writes queued offline, sync.
import { call, work } from '../ipc.js';
import { h, fill, field, showError } from '../dom.js';
import { t } from '../i18n.js';
import { practiceCard, timeline, stateLabel } from './practice_view.js';

let root;
const el = {};

export function init(r) {
  root = r;
  el.status = h('div', { id: 'hub-status', 'aria-live': 'polite' });
  el.list = h('div', { id: 'desk-list' });
  el.detail = h('div', { id: 'desk-detail', tabindex: '-1' });
  const url = h('input', { type: 'url', value: 'http://127.0.0.1:8480' });
  const subject = h('input', { type: 'text', autocomplete: 'off' });
  const comune = h('input', { type: 'text', inputmode: 'numeric', maxlength: '6' });
  const role = h('select', {}, ['staff', 'citizen', 'admin'].map((r) => h('option', { value: r }, t(`desktop-role-${r}`))));
  const procedure = h('input', { type: 'text' });
  const applicant = h('input', { type: 'text', maxlength: '16' });
  const subj = h('input', { type: 'text' });
  const openComune = h('input', { type: 'text', inputmode: 'numeric', maxlength: '6' });
  const browserOut = h('div', { id: 'hub-browser', 'aria-live': 'polite' });
  let signing = null;
  const browserCancel = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', id: 'hub-login-cancel', disabled: true, onclick: async () => {
    if (signing != null) await call('work_cancel', { id: signing });
  } }, t('desktop-desk-login-cancel'));
  const signInBrowser = async () => {
    let opened = null;
    browserCancel.disabled = false;
    fill(browserOut, h('p', { class: 'small', l10n: 'desktop-desk-login-waiting' }));
    try {
      await work('hub_login_browser', { url: url.value, timeoutSecs: 300 }, (ev) => {
        if (ev.event === 'started') signing = ev.id;
        if (ev.event === 'open') opened = ev.url;
        if (ev.event === 'open') fill(browserOut, h('p', { class: 'small', l10n: 'desktop-desk-login-waiting' }), h('p', { class: 'small text-break' }, ev.url));
      });
      fill(browserOut);
      await refresh();
      showError(null);
    } catch (err) {
      // The address stays, to start again from it.
      fill(browserOut, opened ? h('p', { class: 'small text-break' }, opened) : null);
      showError(err);
    } finally { signing = null; browserCancel.disabled = true; }
  };
  fill(root,
    h('h1', { id: 'desk-title', class: 'h3', l10n: 'desktop-desk-title' }),
    el.status,
    h('div', { class: 'row' },
      h('div', { class: 'col-lg-4' },
        h('details', { class: 'mb-3' }, h('summary', { l10n: 'desktop-desk-login' }),
          h('form', { id: 'hub-login', onsubmit: async (e) => {
            e.preventDefault();
            try { await call('hub_login_dev', { url: url.value, subject: subject.value, role: role.value, comune: comune.value || null }); await refresh(); showError(null); } catch (err) { showError(err); }
          } },
            field('hub-url', 'desktop-desk-url', url), field('hub-subject', 'desktop-desk-subject', subject),
            field('hub-role', 'desktop-desk-role', role), field('hub-comune', 'desktop-desk-comune', comune),
            h('div', { class: 'd-flex gap-2' },
              h('button', { type: 'submit', class: 'btn btn-primary btn-sm' }, t('desktop-desk-login-button')),
              h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', id: 'hub-logout', onclick: async () => {
                try { await call('hub_logout'); await refresh(); showError(null); } catch (err) { showError(err); }
              } }, t('desktop-desk-logout')))),
          h('div', { class: 'mt-3' },
            h('p', { class: 'small mb-1', l10n: 'desktop-desk-login-spid-intro' }),
            h('div', { class: 'd-flex gap-2' },
              h('button', { type: 'button', class: 'btn btn-primary btn-sm', id: 'hub-login-browser', onclick: signInBrowser }, t('desktop-desk-login-spid')),
              browserCancel),
            browserOut)),
        h('details', { class: 'mb-3' }, h('summary', { l10n: 'desktop-desk-open' }),
          h('form', { id: 'hub-open', onsubmit: async (e) => {
            e.preventDefault();
            try { await call('hub_open', { procedure: procedure.value, applicant: applicant.value, subject: subj.value, comune: openComune.value, note: null }); await refresh(); showError(null); } catch (err) { showError(err); }
          } },
            field('open-procedure', 'desktop-desk-procedure', procedure), field('open-applicant', 'desktop-practices-applicant', applicant),
            field('open-subject', 'desktop-desk-practice-subject', subj), field('open-comune', 'desktop-desk-comune', openComune),
            h('button', { type: 'submit', class: 'btn btn-primary btn-sm' }, t('desktop-desk-open-button')))),
        positionsBox(),
        h('button', { type: 'button', class: 'btn btn-success btn-sm', id: 'hub-sync', onclick: async () => {
          try { const s = await call('hub_sync'); fill(el.status, statusBox(null, t('desktop-desk-synced', { sent: s.sent, practices: s.practices, pending: s.pending }))); await refresh(); showError(null); } catch (err) { showError(err); await refresh(); }
        } }, t('desktop-desk-sync'))),
      h('div', { class: 'col-lg-4' }, h('h2', { class: 'h5', l10n: 'desktop-desk-practices' }), el.list),
      h('div', { class: 'col-lg-4' }, el.detail)));
  refresh();
}

// Debt positions on pagoPA (GPD) through the core's positions part: create one for a
// practice from its position file, print its notice, see whether it was paid.
function positionsBox() {
  const creditor = h('input', { type: 'text', inputmode: 'numeric', maxlength: '11' });
  const file = h('textarea', { rows: 3, spellcheck: 'false' });
  const iupd = h('input', { type: 'text' });
  const out = h('div', { id: 'position-out', 'aria-live': 'polite' });
  const show = (v) => fill(out, h('div', { class: `alert ${v.paid ? 'alert-success' : 'alert-info'}` },
    h('p', { class: 'mb-0' }, `${v.position.iupd}: ${v.status_text}`),
    h('p', { class: 'mb-0 small' }, t(v.paid ? 'desktop-position-paid' : 'desktop-position-not-paid'))));
  const fileText = () => file.value.trim() || null;
  return h('details', { class: 'mb-3', id: 'positions' }, h('summary', { l10n: 'desktop-position-title' }),
    field('position-creditor', 'desktop-position-creditor', creditor),
    field('position-file', 'desktop-position-file', file),
    h('div', { class: 'form-group mb-2' },
      h('label', { for: 'position-file-pick', class: 'active', l10n: 'desktop-position-file-pick' }),
      h('input', { type: 'file', id: 'position-file-pick', class: 'form-control', accept: '.json', onchange: async (e) => {
        const f = e.target.files[0];
        if (f) {
          file.value = await f.text();
          try { iupd.value = JSON.parse(file.value).position?.iupd || JSON.parse(file.value).iupd || iupd.value; } catch { /* the core says what is wrong */ }
        }
      } })),
    field('position-iupd', 'desktop-position-iupd', iupd),
    h('div', { class: 'd-flex gap-2 flex-wrap' },
      h('button', { type: 'button', class: 'btn btn-primary btn-sm', id: 'position-create', onclick: async () => {
        try { const v = await call('position_create', { creditor: creditor.value, name: 'position.json', text: file.value, publish: true, practice: el.current || null }); iupd.value = v.position.iupd; show(v); showError(null); } catch (err) { showError(err); }
      } }, t('desktop-position-create')),
      h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'position-status', onclick: async () => {
        try { show(await call('position_get', { creditor: creditor.value, iupd: iupd.value })); showError(null); } catch (err) { showError(err); }
      } }, t('desktop-position-check')),
      h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'position-print', onclick: async () => {
        try {
          const p = await call('position_print', { creditor: creditor.value, iupd: iupd.value, text: fileText() });
          out.append(h('p', { class: 'small' }, t(p.opened ? 'desktop-print-opened' : 'desktop-print-saved', { path: p.path })));
          showError(null);
        } catch (err) { showError(err); }
      } }, t('desktop-position-print'))),
    out);
}

function statusBox(status, message) {
  if (!status) return h('div', { class: 'alert alert-info' }, message);
  const who = status.session ? t('desktop-desk-signed-in', { subject: status.session.subject, role: status.session.role, url: status.session.url }) : t('desktop-desk-signed-out');
  return h('div', { class: 'callout' },
    h('p', { class: 'mb-1' }, who),
    h('p', { class: 'mb-1' }, t('desktop-desk-pending', { pending: status.pending, rejected: status.rejected })),
    status.outbox.length ? h('ul', { class: 'small mb-0' }, status.outbox.slice(0, 5).map((o) => h('li', {}, `${o.what} — ${t(`desktop-outbox-${o.state}`)}${o.message ? `: ${o.message}` : ''}`))) : null);
}

async function refresh() {
  try {
    const [status, practices] = await Promise.all([call('hub_status', { limit: 10 }), call('desk_practices', { openOnly: true })]);
    if (!el.status.querySelector('.alert')) fill(el.status, statusBox(status));
    else el.status.append(statusBox(status));
    fill(el.list, practices.length ? practices.map((v) => practiceCard(v, openPractice)) : h('p', { class: 'text-muted', l10n: 'desktop-practices-none' }));
  } catch (e) {
    showError(e);
  }
}

async function openPractice(id) {
  el.current = id;
  try {
    const [d, next] = await Promise.all([call('practice_detail', { id }), call('practice_transitions', { id })]);
    const kind = h('select', {}, next.map((s) => h('option', { value: s }, stateLabel(s))), h('option', { value: 'note' }, t('desktop-event-note')));
    const note = h('input', { type: 'text' });
    fill(el.detail,
      h('h2', { class: 'h5' }, `${d.view.practice.id} — ${d.view.practice.subject}`),
      h('form', { id: 'desk-event', onsubmit: async (e) => {
        e.preventDefault();
        try { await call('hub_event', { practiceId: id, kind: kind.value, note: note.value || null }); await refresh(); showError(null); } catch (err) { showError(err); }
      } },
        field('event-kind', 'desktop-desk-change', kind), field('event-note', 'desktop-desk-note', note),
        h('button', { type: 'submit', class: 'btn btn-primary btn-sm' }, t('desktop-desk-queue'))),
      h('h3', { class: 'h6 mt-3', l10n: 'desktop-practice-timeline' }), timeline(d.timeline));
    el.detail.focus();
    showError(null);
  } catch (e) { showError(e); }
}
