// Visitors: search as you type, the categories, the place's page, the map.
import { call } from '../ipc.js';
import { h, icon, fill, showError } from '../dom.js';
import { t, language } from '../i18n.js';
import { openMap, CATEGORY_COLOURS } from '../map.js';

const $ = (id) => document.getElementById(id);
let mapView = null;
let places = { type: 'FeatureCollection', features: [] };
let seq = 0;
let timer = null;
let current = [];
let lastFocus = null;

/** Timings a test or a developer reads: start → first drawn map, keystroke → results. */
export const metrics = (globalThis.__campanileMetrics = globalThis.__campanileMetrics || { keystrokes: [] });
/** How long the page waits after a keystroke before it asks (typing fast asks once). */
export const DEBOUNCE_MS = 60;

export async function init() {
  $('search').addEventListener('input', () => schedule(performance.now()));
  $('search').addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      const first = $('results').querySelector('button');
      if (first) { e.preventDefault(); first.focus(); }
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const first = $('results').querySelector('button');
      if (first) first.click();
    }
  });
  $('search-form').addEventListener('submit', (e) => e.preventDefault());
  $('category').addEventListener('change', () => { schedule(performance.now()); if (mapView) mapView.show(places, $('category').value); });
  $('results').addEventListener('keydown', (e) => {
    const buttons = [...$('results').querySelectorAll('button')];
    const i = buttons.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && i >= 0 && i < buttons.length - 1) { e.preventDefault(); buttons[i + 1].focus(); }
    if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? buttons[i - 1] : $('search')).focus(); }
    if (e.key === 'Escape') { e.preventDefault(); $('search').focus(); }
  });
  $('place').addEventListener('keydown', (e) => { if (e.key === 'Escape') closePlace(); });
  $('empty-import').addEventListener('click', () => { location.hash = '#data'; });
  try {
    mapView = await openMap($('map'), (id) => openPlace(id));
    mapView.map.once('idle', () => { metrics.firstMap = performance.now(); });
  } catch (e) {
    console.error('map', e);
  }
  await reload();
}

/** After a language change or an import: categories, places on the map, the list. */
export async function reload() {
  try {
    const [cats, count] = await Promise.all([call('places_categories'), call('places_count')]);
    const sel = $('category');
    const was = sel.value;
    fill(sel, h('option', { value: '' }, t('desktop-category-all')),
      cats.filter((c) => c.count > 0).map((c) => h('option', { value: c.code }, `${c.label} (${c.count})`)));
    sel.value = was;
    fill($('legend'), cats.filter((c) => c.count > 0).map((c) =>
      h('li', {}, h('span', { class: 'swatch', style: `background:${CATEGORY_COLOURS[c.code] || '#5d7083'}` }), c.label)));
    $('legend').setAttribute('aria-label', t('desktop-legend'));
    $('empty-store').classList.toggle('d-none', count > 0);
    if (mapView) {
      places = await call('places_geojson');
      mapView.show(places, sel.value);
    }
    await search(performance.now());
  } catch (e) {
    showError(e);
  }
}

function schedule(at) {
  clearTimeout(timer);
  timer = setTimeout(() => search(at), DEBOUNCE_MS);
}

async function search(startedAt) {
  const mine = ++seq;
  const text = $('search').value;
  const category = $('category').value || null;
  const request = { text, near: null, category, comune: null, limit: 20 };
  try {
    const t0 = performance.now();
    const hits = text.trim() ? await call('places_search', { request }) : [];
    if (text.trim()) (metrics.searchCalls = metrics.searchCalls || []).push(performance.now() - t0);
    if (mine !== seq) return;
    current = hits;
    renderResults(hits, text);
    metrics.keystrokes.push(performance.now() - startedAt);
    showError(null);
  } catch (e) {
    if (mine === seq) showError(e);
  }
}

function renderResults(hits, text) {
  const status = $('results-status');
  if (!text.trim()) status.textContent = t('desktop-search-hint');
  else status.textContent = t('desktop-results', { count: hits.length });
  fill($('results'), hits.map((hit) => h('li', {},
    h('button', { type: 'button', class: 'result', 'data-id': hit.poi.id, onclick: (e) => { lastFocus = e.currentTarget; openPlace(hit.poi.id); } },
      h('span', { class: 'swatch', style: `background:${CATEGORY_COLOURS[hit.poi.category] || '#5d7083'}` }),
      h('span', { class: 'result-name' }, hit.poi.name),
      h('span', { class: 'result-meta' }, [hit.category_label, hit.poi.comune].filter(Boolean).join(' · '))))));
}

function row(l10nId, value, lang) {
  if (!value) return null;
  return [h('dt', { l10n: l10nId }), h('dd', lang ? { lang } : {}, value)];
}

export async function openPlace(id) {
  try {
    const v = await call('place_get', { id, lang: language() });
    const p = v.poi;
    const near = await call('places_near', { lat: p.lat, lon: p.lon, limit: 6, category: null });
    const box = $('place');
    fill(box,
      h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm mb-2', onclick: closePlace }, icon('it-arrow-left', 'icon-primary'), ' ', t('desktop-back')),
      h('h2', { id: 'place-name', class: 'h4' }, p.name),
      h('p', {}, h('span', { class: 'badge bg-primary' }, v.category_label), p.comune ? ` ${p.comune}` : ''),
      v.description ? h('p', { lang: v.description_language }, v.description) : h('p', { class: 'text-muted', l10n: 'desktop-place-no-description' }),
      h('dl', { class: 'place-facts' },
        row('desktop-place-address', p.address),
        row('desktop-place-hours', p.opening_hours),
        row('desktop-place-phone', p.phone),
        row('desktop-place-email', p.email),
        row('desktop-place-website', p.website),
        row('desktop-place-accessibility', p.accessibility),
        row('desktop-place-source', p.attribution || p.dataset_id),
        row('desktop-place-licence', p.licence)),
      h('h3', { class: 'h6', l10n: 'desktop-place-nearby' }),
      h('ul', { class: 'list-unstyled' }, near.filter((n) => n.poi.id !== p.id).slice(0, 5).map((n) =>
        h('li', {}, h('button', { type: 'button', class: 'btn btn-link p-0 text-start', onclick: () => openPlace(n.poi.id) },
          `${n.poi.name} — ${n.distance_text || ''}`)))));
    $('results').classList.add('d-none');
    $('results-status').classList.add('d-none');
    box.classList.remove('d-none');
    box.focus();
    if (mapView) mapView.select(p);
    showError(null);
  } catch (e) {
    showError(e);
  }
}

function closePlace() {
  $('place').classList.add('d-none');
  $('results').classList.remove('d-none');
  $('results-status').classList.remove('d-none');
  if (mapView) mapView.select(null);
  const back = lastFocus && document.body.contains(lastFocus) ? lastFocus : $('search');
  back.focus();
}

export function hits() {
  return current;
}
