// The page in a real browser (Debian's Chromium through playwright-core), the Tauri IPC
// answered by the double built from the Rust commands' recorded answers: every screen,
// search by keyboard only, the languages, axe-core on each screen (no serious or critical
// violation), the CSP enforced, screenshots to docs/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import AxeBuilderModule from '@axe-core/playwright';
import { serve, cspHeader } from './server.mjs';

const AxeBuilder = AxeBuilderModule.default || AxeBuilderModule;
const here = dirname(fileURLToPath(import.meta.url));
const ui = join(here, '..');
const fixtures = process.env.CAMPANILE_UI_FIXTURES || join(here, 'fixtures');
const shots = join(ui, '../../docs/screenshots');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

let browser;
let server;
let origin;
let page;
const problems = [];
const figures = {};

before(async () => {
  assert.ok(existsSync(join(fixtures, 'ipc.json')), `no fixture in ${fixtures}: run the Rust test ui_fixture first (scripts/desktop-test.sh does)`);
  const conf = JSON.parse(await readFile(join(ui, '../tauri.conf.json'), 'utf8'));
  ({ server, origin } = await serve({ dist: join(ui, 'dist'), tiles: join(fixtures, 'tiles'), csp: cspHeader(conf) }));
  const fixture = await readFile(join(fixtures, 'ipc.json'), 'utf8');
  const double = (await readFile(join(here, 'ipc-double.js'), 'utf8')).replace('__FIXTURE__', fixture);
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
      // A webcam that films the notice (written by the fixture), its permission granted.
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${join(fixtures, 'notice.mjpeg')}`],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'it-IT' });
  await context.addInitScript({ content: double });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await mkdir(shots, { recursive: true });
  const t0 = Date.now();
  await page.goto(`${origin}/index.html`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await page.waitForFunction(() => globalThis.__campanileMetrics && globalThis.__campanileMetrics.firstMap, null, { timeout: 60000 });
  figures.firstMapMs = await page.evaluate(() => Math.round(globalThis.__campanileMetrics.firstMap));
  figures.loadToMapWallMs = Date.now() - t0;
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
  await writeFile(join(fixtures, 'figures.json'), JSON.stringify(figures, null, 2));
  console.log('figures', JSON.stringify(figures));
});

async function axe(name) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
    [],
    `${name}: serious or critical axe violations`,
  );
  return result.violations.length;
}

async function shot(name) {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

async function go(screen) {
  await page.click(`#nav a[data-screen="${screen}"]`);
  await page.waitForSelector(`#screen-${screen}:not(.d-none) h1`);
}

test('the visit screen draws the offline map with the places', async () => {
  assert.ok(figures.firstMapMs > 0);
  assert.ok(server.tileRequests > 0, 'tiles were read through the tile URL');
  figures.tileRequests = server.tileRequests;
  const categories = await page.locator('#category option').count();
  assert.ok(categories > 3, `${categories} categories`);
  assert.match(await page.locator('#search').evaluate((el) => el.labels[0].textContent), /Cerca/);
  await page.waitForTimeout(300);
  await shot('visit');
  await axe('visit');
});

test('search as you type by keyboard only, then the place page and back', async () => {
  await page.goto(`${origin}/index.html#visit`);
  await page.waitForSelector('body[data-ready="true"]');
  // From the top of the page: Tab until the search field has the focus.
  await page.keyboard.press('Tab');
  let steps = 0;
  while (!(await page.evaluate(() => document.activeElement && document.activeElement.id === 'search')) && steps < 20) {
    await page.keyboard.press('Tab');
    steps += 1;
  }
  assert.ok(steps < 20, 'the search field is reachable with Tab');
  const times = [];
  for (const ch of 'pinacoteca') {
    const before = await page.evaluate(() => globalThis.__campanileMetrics.keystrokes.length);
    await page.keyboard.type(ch);
    await page.waitForFunction((n) => globalThis.__campanileMetrics.keystrokes.length > n, before);
    times.push(await page.evaluate(() => globalThis.__campanileMetrics.keystrokes.at(-1)));
  }
  figures.keystrokeToResultsMs = { median: times.sort((a, b) => a - b)[Math.floor(times.length / 2)], max: Math.max(...times), debounceMs: 60 };
  const first = page.locator('#results button').first();
  await first.waitFor();
  assert.match(await first.textContent(), /Pinacoteca/i);
  assert.match(await page.locator('#results-status').textContent(), /trovat/);
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('result')), true);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#place:not(.d-none) #place-name');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'place');
  const facts = await page.locator('#place dl').textContent();
  assert.match(facts, /Licenza/);
  assert.match(facts, /CC-BY-4.0/);
  await shot('place');
  await axe('place');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#place.d-none', { state: 'attached' });
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('result')), true);
  // A word with no place.
  await page.fill('#search', 'zzz');
  await page.waitForFunction(() => document.querySelector('#results-status').textContent.includes('Nessun'));
});

test('the language is chosen in the header: English, German, French, Spanish', async () => {
  await page.selectOption('#language', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.locator('label[for="search"]').textContent(), 'Search for a place');
  await page.fill('#search', 'duomo');
  await page.locator('#results button').first().waitFor();
  await page.locator('#results button').first().click();
  await page.waitForSelector('#place:not(.d-none)');
  assert.equal(await page.locator('#place p[lang]').getAttribute('lang'), 'en');
  await shot('place-en');
  await page.selectOption('#language', 'de');
  await page.waitForFunction(() => document.documentElement.lang === 'de');
  assert.equal(await page.locator('label[for="search"]').textContent(), 'Einen Ort suchen');
  await axe('visit-de');
  for (const [lang, label] of [['fr', 'Rechercher un lieu'], ['es', 'Buscar un lugar']]) {
    await page.selectOption('#language', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    assert.equal(await page.locator('label[for="search"]').textContent(), label);
  }
  await page.selectOption('#language', 'it');
  await page.waitForFunction(() => document.documentElement.lang === 'it');
});

test('beacons: a registry and a trace replayed into an event', async () => {
  await go('beacons');
  const fx = JSON.parse(await readFile(join(fixtures, 'ipc.json'), 'utf8'));
  const replay = fx.calls.beacons_replay[0].args;
  await page.fill('#beacon-registry', fx.calls.beacons_import_registry[0].args.text);
  await page.click('#beacon-registry-save');
  await page.fill('#beacon-trace', replay.text);
  await page.click('#beacon-replay');
  await page.waitForSelector('.beacon-events li');
  assert.match(await page.locator('.beacon-events').first().textContent(), /Duomo di Fermo/);
  // Live scanning: this machine has no Bluetooth adapter, and the page says so plainly.
  await page.click('#beacon-scan');
  await page.waitForSelector('#beacon-no-adapter');
  assert.match(await page.locator('#beacon-no-adapter').textContent(), /Nessun adattatore Bluetooth/);
  assert.equal(await page.locator('#beacon-scan-stop').isDisabled(), true);
  await shot('beacons');
  await axe('beacons');
});

test('payments: a notice read offline, a wrong one with the core error', async () => {
  await go('pay');
  await page.fill('#notice-text', 'PAGOPA|002|300715700000000031|00085240950|12345');
  await page.click('#notice-form button[type="submit"]');
  await page.waitForSelector('#error:not(.d-none)');
  assert.match(await page.locator('#error').textContent(), /\(pay/);
  await page.fill('#notice-text', 'PAGOPA|002|300715700000000032|00085240950|12345');
  await page.click('#notice-form button[type="submit"]');
  await page.waitForSelector('#notice dl dd');
  assert.match(await page.locator('#notice').textContent(), /00085240950/);
  // The notice read from a picture of it: the file's bytes go to notice_scan.
  const fx = JSON.parse(await readFile(join(fixtures, 'ipc.json'), 'utf8'));
  await page.fill('#notice-text', '');
  await page.setInputFiles('#notice-image', { name: 'avviso.png', mimeType: 'image/png', buffer: Buffer.from(fx.calls.notice_scan[0].args.bytes) });
  await page.waitForSelector('#scan-result li');
  assert.equal(await page.inputValue('#notice-text'), 'PAGOPA|002|300715700000000032|00085240950|12345');
  assert.match(await page.locator('#notice').textContent(), /00085240950/);
  const scanned = await page.evaluate(() => window.__ipcLog.filter((c) => c.cmd === 'notice_scan').at(-1).args);
  assert.equal(scanned.name, 'avviso.png');
  assert.ok(scanned.bytes.length > 100);
  // The receipt kept on this device, printable.
  await page.locator('.receipt-print').first().click();
  await page.waitForFunction(() => document.querySelector('.receipt-print + p').textContent.includes('.pdf'));
  await shot('pay');
  await axe('pay');
});

/** Presses Tab until the element with `id` has the focus (at most 40 times). */
async function tabTo(id) {
  for (let i = 0; i < 40; i += 1) {
    if (await page.evaluate((want) => document.activeElement && document.activeElement.id === want, id)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`#${id} is not reachable with Tab`);
}

test('paying by keyboard only: the notice, Checkout, the outcome and "ask again"', async () => {
  await go('pay');
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await tabTo('notice-text');
  await page.keyboard.type('PAGOPA|002|300715700000000032|00085240950|12345');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#notice dl dd');
  await tabTo('checkout-email');
  await page.keyboard.press('Enter');
  // The payer comes back from Checkout: the core's outcome, in words, never "paid" on doubt.
  await page.waitForSelector('#pay-outcome');
  assert.equal(await page.getAttribute('#pay-outcome', 'data-outcome'), 'unknown');
  assert.match(await page.locator('#pay-outcome').textContent(), /non pagarlo di nuovo|do not pay it again/);
  await tabTo('pay-ask-again');
  const asked = await page.evaluate(() => window.__ipcLog.filter((c) => c.cmd === 'payment_settle').length);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => window.__ipcLog.filter((c) => c.cmd === 'payment_settle').length > n, asked);
  const last = await page.evaluate(() => window.__ipcLog.filter((c) => c.cmd === 'payment_settle').at(-1).args);
  assert.equal(last.notice, 'PAGOPA|002|300715700000000032|00085240950|12345');
  await page.waitForSelector('#pay-outcome[data-outcome="unknown"]');
  await shot('pay-outcome');
  await axe('pay-outcome');
});

test('the practice desk by keyboard only: open a practice, queue a change', async () => {
  await go('desk');
  await page.waitForSelector('#desk-list [data-practice="SUAP-1"]');
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  for (let i = 0; i < 60; i += 1) {
    if (await page.evaluate(() => document.activeElement && document.activeElement.dataset && document.activeElement.dataset.practice === 'SUAP-1')) break;
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement.dataset.practice), 'SUAP-1', 'the practice is reachable with Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#desk-event');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'desk-detail');
  await tabTo('event-kind');
  await page.keyboard.press('End');
  assert.equal(await page.inputValue('#event-kind'), 'note');
  await tabTo('event-note');
  await page.keyboard.type('Chiamato il richiedente');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__ipcLog.some((c) => c.cmd === 'hub_event'));
  const sent = await page.evaluate(() => window.__ipcLog.filter((c) => c.cmd === 'hub_event').at(-1).args);
  assert.deepEqual(sent, { practiceId: 'SUAP-1', kind: 'note', note: 'Chiamato il richiedente' });
});

test('payments: the webcam films the notice, its frames go to the core until one holds it', async () => {
  await go('pay');
  await page.fill('#notice-text', '');
  const before = await page.evaluate(() => window.__ipcLog.filter((c) => c.cmd === 'notice_scan').length);
  await page.click('#webcam-start');
  await page.waitForSelector('#webcam-video:not(.d-none)');
  await page.waitForFunction(() => document.querySelector('#notice-text').value.startsWith('PAGOPA|002|'), null, { timeout: 20000 });
  assert.equal(await page.inputValue('#notice-text'), 'PAGOPA|002|300715700000000032|00085240950|12345');
  // The camera stops once a notice is found; each frame was a PNG of the camera's size.
  await page.waitForSelector('#webcam-video.d-none', { state: 'attached' });
  const frames = await page.evaluate((n) => window.__ipcLog.filter((c) => c.cmd === 'notice_scan').slice(n).map((c) => c.args), before);
  assert.ok(frames.length >= 1);
  const png = frames[0].bytes;
  assert.deepEqual(png.slice(0, 4), [137, 80, 78, 71]);
  const width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
  assert.equal(width, 640);
  assert.equal(frames[0].name, 'webcam.png');
  await axe('pay-webcam');
});

test('my invoices: a supplier imports an invoice file, sees its state and its history', async () => {
  await go('invoices');
  await page.fill('#invoice-path', '/home/fornitore/IT01234567890_00001.xml');
  await page.click('#invoice-path-form button[type="submit"]');
  await page.waitForSelector('#invoice-imported .alert-success');
  assert.match(await page.locator('#invoice-imported').textContent(), /IT01234567890_00001\.xml/);
  await page.waitForSelector('#invoice-list [data-invoice="1"]');
  assert.match(await page.locator('#invoice-list').textContent(), /Tipografia Picena/);
  await page.click('#invoice-list [data-invoice="1"]');
  await page.waitForSelector('#invoice-detail dl dd');
  assert.match(await page.locator('#invoice-detail').textContent(), /importata/);
  await shot('invoices');
  await axe('invoices');
});

test('my practices: the list, the deadline and the timeline', async () => {
  await go('practices');
  await page.fill('#applicant', 'rssmra80a01d542x');
  await page.click('#practices-form button[type="submit"]');
  await page.click('[data-practice="SUAP-1"]');
  await page.waitForSelector('#my-practice .timeline li');
  assert.match(await page.locator('#my-practice').textContent(), /Scadenza|Due/);
  await shot('practices');
  await axe('practices');
});

test('the desk: hub status, a practice, its next states', async () => {
  await go('desk');
  await page.waitForSelector('#hub-status .callout');
  await page.click('#desk-list [data-practice="SUAP-1"]');
  await page.waitForSelector('#event-kind option', { state: 'attached' });
  assert.ok((await page.locator('#event-kind option').count()) > 1);
  await shot('desk');
  await axe('desk');
  // SPID/CIE through the system browser: the address is shown; no hub answers, the wait ends.
  await page.click('#desk-title ~ .row details summary');
  await page.click('#hub-login-browser');
  await page.waitForSelector('#error:not(.d-none)');
  assert.match(await page.locator('#error').textContent(), /hub\.sign-in/);
  assert.match(await page.locator('#hub-browser').textContent(), /127\.0\.0\.1:8480/);
  // A debt position for a practice: created, its notice printed, whether it was paid.
  const fx = JSON.parse(await readFile(join(fixtures, 'ipc.json'), 'utf8'));
  await page.click('#positions summary');
  await page.fill('#position-creditor', '00085240950');
  await page.fill('#position-file', fx.calls.position_print[0].args.text);
  await page.click('#position-create');
  await page.waitForSelector('#position-out .alert');
  assert.match(await page.locator('#position-out').textContent(), /00085240950-tari-2027-0001/);
  assert.equal(await page.inputValue('#position-iupd'), '00085240950-tari-2027-0001');
  await page.click('#position-status');
  await page.waitForSelector('#position-out .alert-info');
  await page.click('#position-print');
  await page.waitForFunction(() => document.querySelector('#position-out').textContent.includes('.pdf'));
  await shot('desk-positions');
  await axe('desk-positions');
  await page.click('#hub-sync');
  await page.waitForSelector('#error:not(.d-none)');
});

test('data: the sample import streams progress, then its summary', async () => {
  await go('data');
  await page.click('#import-sample');
  await page.waitForSelector('#work-result .alert-success');
  assert.match(await page.locator('#work-result').textContent(), /268/);
  assert.notEqual(await page.locator('#work-step').textContent(), '');
  await shot('data');
  await axe('data');
  // A file of the comune's: the import's report, then each quarantined row and why.
  await page.fill('#import-paths', '/home/comune/musei.csv');
  await page.click('#import-preview');
  await page.waitForSelector('#quarantine tbody tr');
  assert.match(await page.locator('#quarantine').textContent(), /Anteprima/);
  assert.match(await page.locator('#quarantine li').textContent(), /3 righe, 1 luoghi, 2 in quarantena/);
  assert.equal(await page.locator('#quarantine tbody tr').count(), 2);
  await page.locator('#quarantine').scrollIntoViewIfNeeded();
  await shot('data-preview');
  await axe('data-preview');
  await page.click('#import-form button[type="submit"]');
  await page.waitForFunction(() => !document.querySelector('#quarantine').textContent.includes('Anteprima') && document.querySelectorAll('#quarantine tbody tr').length > 0);
  await page.waitForSelector('#quarantine tbody tr');
  assert.equal(await page.locator('#quarantine tbody tr').count(), 2);
  assert.match(await page.locator('#quarantine').textContent(), /Nessuna coordinata/);
  await page.locator('#quarantine').scrollIntoViewIfNeeded();
  await shot('data-quarantine');
  await axe('data-quarantine');
});

test('the page ran under the CSP with no error and called only real commands', async () => {
  const log = await page.evaluate(() => window.__ipcLog.map((c) => c.cmd));
  assert.ok(log.length > 10);
  assert.deepEqual(problems, []);
  assert.deepEqual(await page.evaluate(() => globalThis.__campanileMetrics.cspViolations), []);
});
