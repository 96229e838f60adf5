// The Tauri IPC as the page sees it (window.__TAURI_INTERNALS__), answered from the fixture
// the Rust side records with the real commands (app-tauri/tests/ui_fixture.rs). Injected
// before the page's scripts by the browser tests, with the fixture put in place of the marker below.
(() => {
  const fx = __FIXTURE__;
  let uiLang = 'it';
  const coreLang = () => (uiLang === 'en' ? 'en' : 'it');
  const callbacks = new Map();
  let nextId = 1;
  window.__CAMPANILE_TILES_BASE__ = `${location.origin}/tiles`;
  window.__ipcLog = [];
  const find = (cmd, key) => (fx.calls[cmd] || []).find((e) => e.key === key);
  const fallback = (cmd) => {
    const list = fx.calls[cmd] || [];
    return list.find((e) => e.key === coreLang()) || list.find((e) => e.key === '') || list[0];
  };
  const ok = (v) => JSON.parse(JSON.stringify(v));
  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: 'main' }, currentWebview: { windowLabel: 'main', label: 'main' } },
    transformCallback(cb) { const id = nextId++; callbacks.set(id, cb); return id; },
    unregisterCallback(id) { callbacks.delete(id); },
    convertFileSrc(path, protocol = 'asset') { return `${protocol}://localhost/${encodeURIComponent(path)}`; },
    async invoke(cmd, args = {}) {
      window.__ipcLog.push({ cmd, args: JSON.parse(JSON.stringify(args, (k, v) => (k === 'onEvent' || k === 'onSettled' ? undefined : v))) });
      if (!fx.commands.includes(cmd)) {
        throw { class: 'internal', code: 'ipc.unknown-command', message: `unknown command ${cmd}`, details: {} };
      }
      const L = coreLang();
      switch (cmd) {
        case 'language_get': return { ui: uiLang, core: L };
        case 'language_set': uiLang = args.code; return { ui: uiLang, core: coreLang() };
        case 'work_cancel': return false;
        case 'places_search': {
          const e = find(cmd, `${L}|${args.request.text}|${args.request.category || ''}`);
          if (!e) return [];
          if (e.err) throw e.err;
          return ok(e.ok);
        }
        default: break;
      }
      let key;
      if (cmd === 'place_get') key = `${L}|${args.id}|${args.lang}`;
      else if (cmd === 'places_near') key = `${L}|${args.lat}|${args.lon}`;
      else if (cmd === 'notice_parse') key = `${L}|${args.text === 'PAGOPA|002|300715700000000032|00085240950|12345' ? 'ok' : 'bad'}`;
      else if (cmd === 'practices_mine') key = `${L}|${String(args.applicant).trim().toUpperCase()}`;
      else if (cmd === 'practice_detail' || cmd === 'practice_transitions') key = `${L}|${args.id}`;
      else key = L;
      const e = find(cmd, key) || fallback(cmd);
      if (!e) throw { class: 'internal', code: 'test.no-fixture', message: `no fixture for ${cmd} ${key}`, details: {} };
      if (e.events && args.onEvent) {
        const cb = callbacks.get(args.onEvent.id);
        e.events.forEach((m, i) => cb && cb({ index: i, message: m }));
        if (cb) cb({ index: e.events.length, end: true });
      }
      if (e.err) throw ok(e.err);
      if (cmd === 'checkout_start' && args.onSettled) {
        // The payer comes back from Checkout: the app's settlement arrives on the channel.
        const settled = find('payment_settle', L) || fallback('payment_settle');
        const cb = callbacks.get(args.onSettled.id);
        if (settled && cb) setTimeout(() => cb({ index: 0, message: ok(settled.ok) }), 50);
      }
      return ok(e.ok);
    },
  };
})();
