// A practice as citizens and staff see it: state, legal deadline, timeline.
import { h } from '../dom.js';
import { t } from '../i18n.js';

/** The state's name (a Fluent message per AgID SUAP state), else its code. */
export function stateLabel(code) {
  const id = `desktop-state-${String(code).replaceAll('_', '-')}`;
  const s = t(id);
  return s === id ? code : s;
}

export function kindLabel(kind) {
  const id = `desktop-event-${String(kind).replaceAll('_', '-')}`;
  const s = t(id);
  return s === id ? stateLabel(kind) : s;
}

export function dateText(iso) {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  const opts = iso.length === 10 ? { dateStyle: 'long' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(document.documentElement.lang, opts).format(d);
}

/** The practice's card: subject, procedure, state, deadline (with its status in words). */
export function practiceCard(view, onOpen) {
  const p = view.practice;
  const clock = view.clock;
  return h('div', { class: `card card-bg mb-2 practice ${view.overdue ? 'overdue' : ''}` },
    h('div', { class: 'card-body' },
      h('h3', { class: 'h6 card-title mb-1' },
        onOpen ? h('button', { type: 'button', class: 'btn btn-link p-0 text-start', 'data-practice': p.id, onclick: () => onOpen(p.id) }, `${p.id} — ${p.subject}`)
          : `${p.id} — ${p.subject}`),
      h('p', { class: 'mb-1 small' }, view.procedure ? view.procedure.name : ''),
      h('p', { class: 'mb-0' },
        h('span', { class: `badge ${view.overdue ? 'bg-danger' : 'bg-secondary'}` }, stateLabel(p.state)),
        clock ? h('span', { class: 'ms-2' }, t('desktop-practice-due', { date: dateText(clock.due) }), ' — ', clock.status_text) : null)));
}

/** The timeline, oldest first. */
export function timeline(events) {
  return h('ol', { class: 'timeline list-unstyled' }, events.map((e) =>
    h('li', { class: 'timeline-item' },
      h('span', { class: 'timeline-date small text-muted' }, dateText(e.at)),
      h('strong', {}, kindLabel(e.kind)),
      h('span', { class: 'small' }, ` — ${stateLabel(e.state_after)} · ${e.actor}`),
      e.note ? h('p', { class: 'mb-0 small' }, e.note) : null)));
}

/** The deadline's rule chain in words. */
export function chain(view) {
  if (!view.clock) return null;
  return h('div', {},
    h('h3', { class: 'h6', l10n: 'desktop-practice-deadline' }),
    h('p', {}, t('desktop-practice-due', { date: dateText(view.clock.due) }), ' — ', view.clock.status_text),
    h('ul', { class: 'small' }, view.clock.chain.map((s) => h('li', {}, s.text))),
    view.substitute ? h('p', { class: 'alert alert-warning' }, view.substitute) : null);
}
