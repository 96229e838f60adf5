// The offline map: MapLibre GL JS over the core's basemap (the `tiles` scheme) with the
// places as a clustered GeoJSON layer coloured by category.
import * as maplibregl from './vendor/maplibre-gl/maplibre-gl.mjs';
import { call, tilesBase } from './ipc.js';

/** One colour a category (codes of the core's `Category`). */
export const CATEGORY_COLOURS = {
  attraction: '#0066cc',
  museum: '#7a2e8a',
  monument: '#995c00',
  church: '#a01c2e',
  accommodation: '#00806b',
  food: '#cc3300',
  sport_facility: '#2e7d32',
  public_building: '#455a64',
  school: '#5c6bc0',
  health: '#c2185b',
  transport: '#00695c',
  event: '#ad5700',
  other: '#5d7083',
};

/** The style for the basemap's layers (land, coastline, countries, boundaries, places):
 *  no text (the app bundles no glyphs), so comuni are dots and names live in the lists. */
export function basemapStyle(info, base) {
  const source = {
    type: 'vector',
    tiles: [`${base}/{z}/{x}/{y}.pbf`],
    minzoom: info.min_zoom,
    maxzoom: info.max_zoom,
    attribution: info.attribution || 'Natural Earth',
  };
  if (info.bounds) source.bounds = info.bounds;
  const has = (l) => info.layers.includes(l);
  const layers = [{ id: 'sea', type: 'background', paint: { 'background-color': '#b9d6ea' } }];
  if (has('countries')) layers.push({ id: 'countries', type: 'fill', source: 'basemap', 'source-layer': 'countries', paint: { 'fill-color': '#efece4' } });
  if (has('land')) layers.push({ id: 'land', type: 'fill', source: 'basemap', 'source-layer': 'land', paint: { 'fill-color': '#f3f1ea' } });
  if (has('coastline')) layers.push({ id: 'coastline', type: 'line', source: 'basemap', 'source-layer': 'coastline', paint: { 'line-color': '#7fa7c2', 'line-width': 1 } });
  if (has('boundaries')) layers.push({ id: 'boundaries', type: 'line', source: 'basemap', 'source-layer': 'boundaries', paint: { 'line-color': '#8a7f9b', 'line-width': 1.2, 'line-dasharray': [3, 2] } });
  if (has('places')) layers.push({ id: 'comuni', type: 'circle', source: 'basemap', 'source-layer': 'places', minzoom: 7, paint: { 'circle-radius': 3, 'circle-color': '#ffffff', 'circle-stroke-color': '#33485c', 'circle-stroke-width': 1.5 } });
  return { version: 8, sources: { basemap: source }, layers };
}

/** Opens the map in `container`; `onPlace(id)` hears a click on a place. */
export async function openMap(container, onPlace) {
  const info = await call('tiles_info');
  const [lon, lat, zoom] = info.center || [13.6, 43.0, 9];
  const worker = new URL('./vendor/maplibre-gl/maplibre-gl-worker.mjs', import.meta.url).href;
  if (maplibregl.setWorkerUrl) maplibregl.setWorkerUrl(worker);
  const map = new maplibregl.Map({
    container,
    style: basemapStyle(info, tilesBase()),
    center: [lon, lat],
    zoom: Math.min(Math.max(zoom, 8), 10),
    maxBounds: info.bounds ? [[info.bounds[0] - 1, info.bounds[1] - 1], [info.bounds[2] + 1, info.bounds[3] + 1]] : undefined,
    attributionControl: { compact: true },
    keyboard: true,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  await new Promise((resolve) => map.once('load', resolve));
  const colour = ['match', ['get', 'category']];
  for (const [k, v] of Object.entries(CATEGORY_COLOURS)) colour.push(k, v);
  colour.push('#5d7083');
  map.addSource('pois', { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, cluster: true, clusterRadius: 40, clusterMaxZoom: 13 });
  map.addLayer({ id: 'clusters', type: 'circle', source: 'pois', filter: ['has', 'point_count'], paint: { 'circle-color': '#0066cc', 'circle-opacity': 0.8, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2, 'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 50, 22] } });
  map.addLayer({ id: 'poi', type: 'circle', source: 'pois', filter: ['!', ['has', 'point_count']], paint: { 'circle-color': colour, 'circle-radius': 6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 } });
  map.addLayer({ id: 'selected', type: 'circle', source: 'pois', filter: ['==', ['get', 'id'], ''], paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 11, 'circle-stroke-color': '#17324d', 'circle-stroke-width': 3 } });
  map.on('click', 'clusters', async (e) => {
    const f = e.features[0];
    const z = await map.getSource('pois').getClusterExpansionZoom(f.properties.cluster_id);
    map.easeTo({ center: f.geometry.coordinates, zoom: z });
  });
  map.on('click', 'poi', (e) => onPlace(e.features[0].properties.id));
  for (const l of ['clusters', 'poi']) {
    map.on('mouseenter', l, () => { map.getCanvas().style.cursor = 'pointer'; });
    map.on('mouseleave', l, () => { map.getCanvas().style.cursor = ''; });
  }
  return {
    map,
    /** Shows `collection`'s places, only those of `category` when one is given. */
    show(collection, category) {
      const features = category ? collection.features.filter((f) => f.properties.category === category) : collection.features;
      map.getSource('pois').setData({ type: 'FeatureCollection', features });
    },
    select(poi) {
      map.setFilter('selected', ['==', ['get', 'id'], poi ? poi.id : '']);
      if (poi) map.easeTo({ center: [poi.lon, poi.lat], zoom: Math.max(map.getZoom(), 13) });
    },
  };
}
