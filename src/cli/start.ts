/**
 * `npm start`: builds the index when it is missing, stale, damaged or built by another model/runtime/schema (saying
 * why), then serves the web app and the JSON API on HOST (default 127.0.0.1: a local tool is not exposed to the
 * network unless asked) and PORT (default 3000; 0 picks a free port). Reloads a newly committed index on SIGHUP or
 * when index/manifest.json changes; shuts down gracefully on SIGTERM/SIGINT (exit 0).
 */
import { STATUS_CODES, maxHeaderSize, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import { pino, type Logger } from 'pino';
import { DEFAULT_INPUT_DIRS, checkPublicUrl, defaultIndexDir } from '../config.js';
import { analysisFor } from '../analysis/index.js';
import { createEmbedder, type Embedder } from '../embed/embedder.js';
import { isPolicyLensError } from '../errors.js';
import { staleReason } from '../index/build.js';
import { readManifest, type IndexManifest } from '../index/manifest.js';
import type { Engine } from '../search/engine.js';
import { IndexService } from '../search/service.js';
import { createApp } from '../server/app.js';
import { formatIgnored, formatOtherFiles, formatSummary, runIndexBuild } from './index-cmd.js';
import { isMain } from './is-main.js';

/** Refusals of an existing index that a fresh build cures. */
const REBUILDABLE = new Set(['INDEX_MISSING', 'INDEX_CORRUPT', 'INDEX_MISMATCH']);

/**
 * Opens the index, building it first when it is missing or stale, and rebuilding it from scratch when it is
 * damaged or mismatched. When another run holds the lock, the current index (if it opens) is served meanwhile and
 * the watcher switches to the new one when that run commits.
 */
async function prepareIndex(indexDir: string, embedder: Embedder, log: Logger): Promise<IndexService> {
  let manifest: IndexManifest | null = null;
  let reason: string | null;
  let code: string | null = null;
  try {
    manifest = readManifest(indexDir);
    reason = staleReason(indexDir, manifest ? manifest.inputs : DEFAULT_INPUT_DIRS);
    if (!manifest) code = 'INDEX_MISSING';
  } catch (e) {
    reason = (e as Error).message;
    code = isPolicyLensError(e) ? e.code : 'INDEX_CORRUPT';
  }
  if (!reason) {
    try {
      return new IndexService({ indexDir, embedder, log });
    } catch (e) {
      if (!isPolicyLensError(e) || !REBUILDABLE.has(e.code)) throw e;
      reason = e.message;
      code = e.code;
    }
  }
  // A damaged or mismatched index is rebuilt from scratch: nothing in it is trusted, not even its vectors.
  const rebuild = code === 'INDEX_CORRUPT' || code === 'INDEX_MISMATCH';
  const inputs = manifest?.inputs ?? DEFAULT_INPUT_DIRS;
  log.warn({ indexDir, code, reason, inputs }, rebuild ? 'rebuilding the index' : 'building the index');
  console.error(`PolicyLens: ${rebuild ? 'rebuilding' : 'building'} the index in ${indexDir}: ${reason}`);
  try {
    const summary = await runIndexBuild({ input: inputs, out: indexDir, rebuild, embedder, quiet: !process.stderr.isTTY });
    console.error(formatSummary(summary));
    const other = formatOtherFiles(summary.manifest.notRead ?? []);
    if (other) console.error(other);
    const ignored = formatIgnored(summary.manifest.ignored ?? []);
    if (ignored) console.error(ignored);
  } catch (e) {
    if (isPolicyLensError(e) && e.code === 'INDEX_LOCKED') {
      try {
        const service = new IndexService({ indexDir, embedder, log });
        log.warn({ reason: e.message }, 'another run is building the index; serving the current one until it commits');
        return service;
      } catch {
        /* nothing servable: report the lock */
      }
    }
    throw e;
  }
  return new IndexService({ indexDir, embedder, log });
}

/**
 * Starts `app` listening on host:port. Requests that Node's HTTP parser refuses before express sees them (a URL or
 * headers over its 16 KB limit, a malformed request line) get the API's JSON error shape, not an empty reply, or a short
 * page in Chinese when the request line names a page.
 */
export function listen(app: Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.once('error', reject);
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
      if (err.code === 'ECONNRESET' || !socket.writable) {
        socket.destroy();
        return;
      }
      const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
      const status = tooLarge ? 431 : 400;
      // 431 has its own code: URI_TOO_LONG is the 414 of a URL over 12 KB, and a client told its URL is too long looks in
      // the wrong place when a header (a cookie) is what overflowed (API audit C4).
      // A page's request (its request line, which the parser has read, names no /api path) gets a page in Chinese, as
      // express's refusals do: a browser with oversize cookies had been shown the API's English JSON (verifying audit,
      // s23). Express never sees the request, so the page is this short one, not the site's template.
      const requestLine = /^[A-Z]+ (\S+) HTTP\//.exec(String((err as { rawPacket?: unknown }).rawPacket ?? ''));
      const page = requestLine !== null && !/^\/api(?:[/?#]|$)/.test(requestLine[1]!);
      const body = page
        ? `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${tooLarge ? '请求头太大' : '请求有误'} · PolicyLens</title><h1>${tooLarge ? '请求头太大' : '请求有误'}</h1><p class="error" role="alert">${
            tooLarge ? `网址和请求头合计超过 ${maxHeaderSize} 字节：请清除本站的 Cookie 或缩短网址后重试。` : '浏览器发来的请求无法解析，请重新打开页面。'
          }</p><p><a href="/">返回检索</a></p></html>`
        : JSON.stringify({
            error: tooLarge
              ? { code: 'HEADERS_TOO_LARGE', message: `The request line and headers are too large (over ${maxHeaderSize} bytes together): shorten the URL or the headers, cookies included.` }
              : { code: 'BAD_REQUEST', message: 'The HTTP request is malformed.' },
          });
      const type = page ? 'text/html' : 'application/json';
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    });
  });
}

async function main(): Promise<void> {
  const log = pino({ name: 'policylens', level: process.env.LOG_LEVEL ?? 'info' });
  const indexDir = defaultIndexDir();
  const host = process.env.HOST || '127.0.0.1';
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a number from 0 to 65535, not "${process.env.PORT}"`);
  // Before the index is built: a mistyped public URL is said at once, not found in the links of exports later.
  const publicUrl = checkPublicUrl();
  if (publicUrl) log.info({ publicUrl }, 'links are written with POLICYLENS_PUBLIC_URL');

  let server: Server | null = null;
  let service: IndexService | null = null;
  let embedder: Embedder | null = null;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // Before the server exists (still building): nothing to drain; a killed build is cleaned up by the next run.
    if (!server) process.exit(0);
    server.close(() => {
      service?.close();
      void (embedder?.dispose() ?? Promise.resolve()).finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Installed first: a SIGHUP while the index is being built must not end the process (its default action).
  process.on('SIGHUP', () => {
    if (!service) return;
    log.info('SIGHUP: reloading the index');
    service.reload();
  });

  embedder = await createEmbedder();
  service = await prepareIndex(indexDir, embedder, log);
  const current = service;
  current.watch();
  // The analyst views are composed here, over whichever engine (index) is current. Targets are extracted (and their
  // indicators embedded) on first use: done now, and after each reload, rather than inside the first question
  // about targets, which under load waited seconds for them.
  // The measure bridge's rankings likewise (src/search/measure-bridge.ts): about 2 s at 100k clauses; and the spelling
  // reader's homophone table.
  const prepare = (engine: Engine) =>
    Promise.all([
      // With the table of every target (/targets, /api/targets and its CSV without filters): at 1M synthetic paragraphs
      // extraction and table take 45 s, before serving (or beside the old index, whose server pauses ≤ 0.4 s meanwhile).
      analysisFor(engine).targets().then(() => undefined, (e: unknown) => log.warn({ err: e }, 'could not prepare the targets')),
      engine.prepareBridge().then(() => undefined, (e: unknown) => log.warn({ err: e }, 'could not prepare the measure bridge')),
      // The spelling reader's homophone table likewise (src/search/query-spelling.ts).
      Promise.resolve().then(() => log.debug({ ms: Math.round(engine.prepareSpelling()) }, 'spelling table prepared')).catch((e: unknown) => log.warn({ err: e }, 'could not prepare the spelling table')),
    ]);
  // The measure matrix (the matrix view's and every draft's gaps) is made in the background once serving starts:
  // 15 s at 100k synthetic clauses, which the first /matrix or the first draft used to wait for, but too long to hold
  // up serving for at 1M.
  const prepareMatrix = (engine: Engine) =>
    void analysisFor(engine).matrix().then(
      () => log.debug('measure matrix prepared'),
      (e: unknown) => log.warn({ err: e }, 'could not prepare the measure matrix'),
    );
  await prepare(current.baseEngine());
  current.onSwitch = (engine) => void prepare(engine).then(() => prepareMatrix(engine));
  const app = createApp({ engine: current.engine, analysis: () => analysisFor(current.baseEngine()), logger: log });
  try {
    server = await listen(app, host, port);
  } catch (e) {
    console.error(`Cannot listen on ${host}:${port}: ${(e as Error).message}. Set PORT (and HOST) to a free address.`);
    process.exit(1);
  }
  server.on('error', (e) => log.error({ err: e }, 'server error'));
  prepareMatrix(current.baseEngine());
  const addr = server.address();
  const shown = typeof addr === 'object' && addr ? `http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}` : String(addr);
  log.info({ url: shown, build: current.build }, 'PolicyLens is serving');
  console.log(`PolicyLens: ${shown}`);
}

if (isMain(import.meta.url)) {
  main().catch((e) => {
    if (isPolicyLensError(e)) console.error(`error [${e.code}]: ${e.message}`);
    else console.error(e);
    process.exit(1);
  });
}
