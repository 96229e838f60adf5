// A static server on 127.0.0.1 for the page (dist/) and the basemap's tiles (the fixture's),
// sending the CSP of tauri.conf.json so that the browser enforces what the app's webview does.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.ftl': 'text/plain; charset=utf-8',
  '.json': 'application/json', '.pbf': 'application/x-protobuf', '.png': 'image/png', '.txt': 'text/plain',
};

export function cspHeader(conf) {
  return Object.entries(conf.app.security.csp).map(([k, v]) => `${k} ${v}`).join('; ');
}

export async function serve({ dist, tiles, csp }) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let path = decodeURIComponent(url.pathname);
    let root = dist;
    if (path.startsWith('/tiles/')) { root = tiles; path = path.slice('/tiles'.length); server.tileRequests += 1; }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'content-security-policy': csp, 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      // A tile the archive does not have: the sea.
      res.writeHead(root === tiles ? 204 : 404, { 'content-security-policy': csp }).end();
    }
  });
  server.tileRequests = 0;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}
