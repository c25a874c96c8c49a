/**
 * `npm start`: builds the index when it is missing or stale, then serves the web app and the JSON API on
 * HOST (default 127.0.0.1) and PORT (default 3000). Reloads a newly committed index on SIGHUP or when
 * index/manifest.json changes; shuts down gracefully on SIGTERM/SIGINT.
 */
import { pino } from 'pino';
import { DEFAULT_INPUT_DIRS, defaultIndexDir } from '../config.js';
import { createEmbedder } from '../embed/embedder.js';
import { isPolicyLensError } from '../errors.js';
import { staleReason } from '../index/build.js';
import { readManifest } from '../index/manifest.js';
import { IndexService } from '../search/service.js';
import { createApp } from '../server/app.js';
import { formatSummary, runIndexBuild } from './index-cmd.js';

async function main(): Promise<void> {
  const log = pino({ name: 'policylens', level: process.env.LOG_LEVEL ?? 'info' });
  const indexDir = defaultIndexDir();
  const host = process.env.HOST ?? '127.0.0.1';
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a number from 0 to 65535, not "${process.env.PORT}"`);

  // Missing or stale: (re)build first. An index built elsewhere (POLICYLENS_INDEX) is checked against its own inputs.
  let reason: string | null;
  try {
    const existing = readManifest(indexDir);
    reason = staleReason(indexDir, existing ? existing.inputs : DEFAULT_INPUT_DIRS);
  } catch (e) {
    reason = `unreadable (${(e as Error).message})`;
  }
  if (reason) {
    const existing = (() => { try { return readManifest(indexDir); } catch { return null; } })();
    const inputs = existing?.inputs ?? DEFAULT_INPUT_DIRS;
    log.info({ indexDir, reason, inputs }, 'building the index');
    const summary = await runIndexBuild({ input: inputs, out: indexDir, quiet: !process.stderr.isTTY });
    console.error(formatSummary(summary));
  }

  const embedder = await createEmbedder();
  const service = new IndexService({ indexDir, embedder, log });
  service.watch();
  const app = createApp({ engine: service.engine, logger: log });
  const server = app.listen(port, host, () => {
    const addr = server.address();
    const shown = typeof addr === 'object' && addr ? `http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}` : String(addr);
    log.info({ url: shown, build: service.build }, 'PolicyLens is serving');
    console.log(`PolicyLens: ${shown}`);
  });
  server.on('error', (e) => {
    console.error(`Cannot listen on ${host}:${port}: ${(e as Error).message}. Set PORT (and HOST) to a free address.`);
    process.exit(1);
  });

  process.on('SIGHUP', () => {
    log.info('SIGHUP: reloading the index');
    service.reload();
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close(() => {
      service.close();
      void embedder.dispose().finally(() => process.exit(0));
    });
    server.closeIdleConnections?.();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e) => {
  if (isPolicyLensError(e)) console.error(`error [${e.code}]: ${e.message}`);
  else console.error(e);
  process.exit(1);
});
