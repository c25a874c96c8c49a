/**
 * Runs the project's CLIs (src/cli/*.ts) as child processes, as a user would, with their output captured.
 * `node --import tsx <script>` keeps the CLI in one process, so the pid we signal is the pid that holds the lock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';

export interface CliRun {
  child: ChildProcess;
  pid: number;
  /** Everything written so far to stdout / stderr. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout + stderr; rejects on timeout or exit. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Starts `src/cli/<name>.ts` with `args`, in the project root, with `env` added to this process's environment. */
export function runCli(name: 'index-cmd' | 'start', args: string[] = [], env: Record<string, string | undefined> = {}): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', join('src', 'cli', `${name}.ts`), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (s: string) => ((out += s), listeners.forEach((l) => l())));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => ((err += s), listeners.forEach((l) => l())));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      running.delete(child);
      listeners.forEach((l) => l());
      resolve({ code, signal });
    }),
  );
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = (out + '\n' + err).match(pattern);
        if (m) return done(() => resolve(m));
        if (child.exitCode !== null || child.signalCode !== null) {
          done(() => reject(new Error(`exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${out}\n${err}`)));
        }
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${pattern}:\n${out}\n${err}`))), timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });
  return { child, pid: child.pid!, stdout: () => out, stderr: () => err, waitFor, exited };
}

/** Runs a CLI to completion. */
export async function runToEnd(name: 'index-cmd' | 'start', args: string[], env: Record<string, string | undefined> = {}) {
  const run = runCli(name, args, env);
  const { code, signal } = await run.exited;
  return { code, signal, stdout: run.stdout(), stderr: run.stderr(), pid: run.pid };
}

/** Kills (SIGKILL) every child this helper started that is still running: for afterAll/afterEach. */
export function killRunning(): void {
  for (const child of running) child.kill('SIGKILL');
}
