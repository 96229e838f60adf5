// Citizens' own practices: the list by fiscal code, each with its timeline and deadline.
import { call } from '../ipc.js';
import { h, fill, field, showError } from '../dom.js';
import { t } from '../i18n.js';
import { practiceCard, timeline, chain } from './practice_view.js';

export function init(root) {
  const code = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: '16' });
  const list = h('div', { id: 'my-practices', 'aria-live': 'polite' });
  const detail = h('div', { id: 'my-practice', tabindex: '-1' });
  const open = async (id) => {
    try {
      const d = await call('practice_detail', { id });
      fill(detail, h('h2', { class: 'h5' }, `${d.view.practice.id} — ${d.view.practice.subject}`), chain(d.view),
        h('h3', { class: 'h6', l10n: 'desktop-practice-timeline' }), timeline(d.timeline));
      detail.focus();
      showError(null);
    } catch (e) { showError(e); }
  };
  fill(root,
    h('h1', { id: 'practices-title', class: 'h3', l10n: 'desktop-practices-title' }),
    h('form', { id: 'practices-form', onsubmit: async (e) => {
      e.preventDefault();
      try {
        const views = await call('practices_mine', { applicant: code.value });
        fill(list, views.length ? views.map((v) => practiceCard(v, open)) : h('p', { class: 'text-muted', l10n: 'desktop-practices-none' }));
        fill(detail);
        showError(null);
      } catch (err) { showError(err); }
    } },
      field('applicant', 'desktop-practices-applicant', code),
      h('button', { type: 'submit', class: 'btn btn-primary btn-sm' }, t('desktop-practices-show'))),
    h('div', { class: 'row mt-3' }, h('div', { class: 'col-md-5' }, list), h('div', { class: 'col-md-7' }, detail)));
}
