// Builds the page into dist/ (what Tauri embeds, what the browser tests serve): the page's own
// modules from src/, the Fluent files from ../../locales/<lang>/desktop.ftl (Italian and English
// complete; German, French and Spanish for the visitor's screens), and the vendor files it uses
// from node_modules (Bootstrap Italia's CSS, fonts and icons; MapLibre GL JS; @fluent/bundle;
// @tauri-apps/api). No bundler: plain ES modules, copied.
import { cpSync, mkdirSync, rmSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const nm = join(here, 'node_modules');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

cpSync(join(here, 'src'), dist, { recursive: true });

const copy = (from, to) => cpSync(join(nm, from), join(dist, 'vendor', to), { recursive: true });
copy('bootstrap-italia/dist/css/bootstrap-italia.min.css', 'bootstrap-italia/css/bootstrap-italia.min.css');
copy('bootstrap-italia/dist/svg/sprites.svg', 'bootstrap-italia/svg/sprites.svg');
for (const family of ['Titillium_Web', 'Roboto_Mono', 'Lora']) {
  const from = join(nm, 'bootstrap-italia/dist/fonts', family);
  for (const f of readdirSync(from).filter((f) => f.endsWith('.woff2') || f === 'OFL.txt')) {
    cpSync(join(from, f), join(dist, 'vendor/bootstrap-italia/fonts', family, f));
  }
}
// Bootstrap Italia loads its fonts from script (loadFonts); the page declares them instead.
const face = (family, dir, file, weight, style) =>
  `@font-face{font-family:"${family}";font-style:${style};font-weight:${weight};font-display:swap;` +
  `src:url("../fonts/${dir}/${file}.woff2") format("woff2")}\n`;
let fonts = '';
for (const [w, f] of [[300, '300'], [400, 'regular'], [600, '600'], [700, '700']]) {
  fonts += face('Titillium Web', 'Titillium_Web', `titillium-web-v10-latin-ext_latin-${f}`, w, 'normal');
}
fonts += face('Titillium Web', 'Titillium_Web', 'titillium-web-v10-latin-ext_latin-italic', 400, 'italic');
fonts += face('Roboto Mono', 'Roboto_Mono', 'roboto-mono-v13-latin-ext_latin-regular', 400, 'normal');
fonts += face('Roboto Mono', 'Roboto_Mono', 'roboto-mono-v13-latin-ext_latin-700', 700, 'normal');
fonts += face('Lora', 'Lora', 'lora-v20-latin-ext_latin-regular', 400, 'normal');
fonts += face('Lora', 'Lora', 'lora-v20-latin-ext_latin-700', 700, 'normal');
writeFileSync(join(dist, 'vendor/bootstrap-italia/css/fonts.css'), fonts);

for (const f of ['maplibre-gl.mjs', 'maplibre-gl-shared.mjs', 'maplibre-gl-worker.mjs', 'maplibre-gl.css']) {
  if (existsSync(join(nm, 'maplibre-gl/dist', f))) copy(`maplibre-gl/dist/${f}`, `maplibre-gl/${f}`);
}
copy('maplibre-gl/LICENSE.txt', 'maplibre-gl/LICENSE.txt');
for (const f of readdirSync(join(nm, '@fluent/bundle/esm')).filter((f) => f.endsWith('.js'))) {
  copy(`@fluent/bundle/esm/${f}`, `fluent-bundle/${f}`);
}
copy('@tauri-apps/api/core.js', 'tauri-api/core.js');
copy('@tauri-apps/api/external/tslib/tslib.es6.js', 'tauri-api/external/tslib/tslib.es6.js');

// Fluent: the shared locales/ (every language with a desktop.ftl).
const locales = [join(here, '../../locales')];
for (const root of locales) {
  if (!existsSync(root)) continue;
  for (const lang of readdirSync(root)) {
    const file = join(root, lang, 'desktop.ftl');
    if (existsSync(file)) cpSync(file, join(dist, 'locales', lang, 'desktop.ftl'));
  }
}
console.log(`page built in ${dist}`);
