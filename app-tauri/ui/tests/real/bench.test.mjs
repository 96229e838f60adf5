// The desktop's benchmark for the closing note, in the real app (its commands, the core,
// WebKitGTK) under Xvfb through tauri-driver: keystroke-to-results p50/p95 over a store of
// 100,000 generated places (CAMPANILE_BENCH_DB, made by app-tauri/tests/bench_places.rs), and
// the resident memory (RSS) of the running app and of its WebKit processes.
// Run by scripts/desktop-test.sh, which prints the figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../../../..');
const app = process.env.CAMPANILE_DESKTOP_BIN || join(repo, 'target/debug/campanile-desktop');
const driverBin = process.env.TAURI_DRIVER || join(repo, 'target/tools/bin/tauri-driver');
const db = process.env.CAMPANILE_BENCH_DB;
const out = process.env.CAMPANILE_BENCH_FIGURES;
const port = 4445;
const base = `http://127.0.0.1:${port}`;
let driver;
let session;
const figures = { places: Number(process.env.CAMPANILE_BENCH_PLACES || 100000) };

async function wd(method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}
const s = (path) => `/session/${session}${path}`;
const run = (script, args = []) => wd('POST', s('/execute/sync'), { script, args });
const elementId = (e) => e['element-6066-11e4-a52e-4f735a0ecf11'] || Object.values(e)[0];
async function waitFor(script, timeout = 30000) {
  const t0 = Date.now();
  for (;;) {
    const v = await run(script);
    if (v) return v;
    if (Date.now() - t0 > timeout) throw new Error(`timed out: ${script}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))];

/** Processes by pid: [ppid, exe, VmRSS in kB]. */
function processes() {
  const all = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      let exe = '';
      try { exe = readlinkSync(`/proc/${d}/exe`); } catch { /* another user's */ }
      const rss = Number((readFileSync(`/proc/${d}/status`, 'utf8').match(/VmRSS:\s+(\d+)/) || [0, 0])[1]);
      all.set(Number(d), [ppid, exe, rss]);
    } catch { /* gone meanwhile */ }
  }
  return all;
}

/** The app's RSS and that of the processes under it (WebKit's web and network processes), MB. */
function memory() {
  const all = processes();
  const mine = [...all].filter(([, [ppid, exe]]) => exe.startsWith(app) && all.get(ppid)?.[1] !== exe);
  assert.ok(mine.length >= 1, `the app ${app} is not running`);
  const [pid, [, , rss]] = mine[0];
  let tree = 0;
  const walk = (p) => {
    tree += all.get(p)?.[2] || 0;
    for (const [c, [pp]] of all) if (pp === p) walk(c);
  };
  walk(pid);
  return { appMb: Math.round(rss / 1024), withWebKitMb: Math.round(tree / 1024) };
}

/** Ends an app the driver left running: it holds the test's output open, and node would wait
 *  for it forever. */
function leftovers() {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readlinkSync(`/proc/${d}/exe`) === realpathSync(app)) process.kill(Number(d), 'SIGKILL');
    } catch { /* gone, or not ours */ }
  }
}

/** The test's folder (the app's settings), removed when done. */
let dir;

before(async () => {
  assert.ok(db, 'CAMPANILE_BENCH_DB names the store of generated places');
  dir = mkdtempSync(join(tmpdir(), 'campanile-bench-'));
  driver = spawn(driverBin, ['--port', String(port), '--native-port', String(port + 100)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CAMPANILE_DB: db, CAMPANILE_DESKTOP_SETTINGS: join(dir, 'desktop.json') },
  });
  for (let i = 0; i < 100; i += 1) {
    try { await fetch(`${base}/status`); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  const created = await wd('POST', '/session', { capabilities: { alwaysMatch: { 'tauri:options': { application: app } } } });
  session = created.sessionId;
  await waitFor('return document.body && document.body.dataset.ready === "true"', 60000);
  await waitFor('return globalThis.__campanileMetrics && globalThis.__campanileMetrics.firstMap', 60000);
});

after(async () => {
  if (session) await wd('DELETE', s('')).catch(() => {});
  if (driver) driver.kill();
  leftovers();
  if (dir) rmSync(dir, { recursive: true, force: true });
  console.log('bench figures', JSON.stringify(figures));
  if (out) writeFileSync(out, JSON.stringify(figures));
});

test('keystroke to results over 100,000 places, then the memory of the running app', async () => {
  figures.rssAtStart = memory();
  const search = elementId(await wd('POST', s('/element'), { using: 'css selector', value: '#search' }));
  await wd('POST', s(`/element/${search}/click`), {});
  const times = [];
  const calls0 = await run('return (globalThis.__campanileMetrics.searchCalls || []).length');
  for (const word of ['chiesa', 'museo', 'palazzo', 'garibaldi', 'trattoria', 'duomo']) {
    for (const ch of word) {
      const n = await run('return globalThis.__campanileMetrics.keystrokes.length');
      await wd('POST', s(`/element/${search}/value`), { text: ch });
      await waitFor(`return globalThis.__campanileMetrics.keystrokes.length > ${n}`);
      times.push(await run('return globalThis.__campanileMetrics.keystrokes.at(-1)'));
    }
    const found = await waitFor('const b = document.querySelector("#results button"); return b && b.textContent');
    assert.ok(found.length > 0, word);
    await wd('POST', s(`/element/${search}/clear`), {});
    await new Promise((r) => setTimeout(r, 150));
  }
  times.sort((a, b) => a - b);
  const calls = (await run('return globalThis.__campanileMetrics.searchCalls')).slice(calls0).sort((a, b) => a - b);
  figures.keystrokes = times.length;
  figures.keystrokeToResultsMs = { p50: Math.round(pct(times, 0.5)), p95: Math.round(pct(times, 0.95)), max: Math.round(times.at(-1)), debounceMs: 60 };
  figures.searchIpcMs = { p50: Math.round(pct(calls, 0.5)), p95: Math.round(pct(calls, 0.95)) };
  figures.rssAfterSearch = memory();
  assert.ok(figures.keystrokeToResultsMs.p95 < 1000, JSON.stringify(figures));
});
