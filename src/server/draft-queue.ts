/**
 * Admission for the drafting desk: a draft takes the model for seconds, so drafts run `active` at a time and at most
 * `waiting` more wait their turn; beyond that a request is refused at once with 503 BUSY, before its body is read,
 * so that memory stays bounded however many drafts arrive. A draft whose client went away while it waited stops at the
 * desk's first check (it is given an AbortSignal).
 */
import { createError } from '../errors.js';

export interface DraftQueueOptions {
  /** Drafts analysed at once (default 1: the model runs one text at a time anyway). */
  active?: number;
  /** Drafts that may wait for their turn (default 4). */
  waiting?: number;
}

export class DraftQueue {
  readonly active: number;
  readonly waiting: number;
  private running = 0;
  private admitted = 0;
  private readonly queue: (() => void)[] = [];

  constructor(options: DraftQueueOptions = {}) {
    this.active = Math.max(1, options.active ?? 1);
    this.waiting = Math.max(0, options.waiting ?? 4);
  }

  /** Drafts admitted and not yet finished (running or waiting). */
  get size(): number {
    return this.admitted;
  }

  /**
   * Takes a place, or throws BUSY when every place is taken. The returned `run` waits for a turn, runs `work` and
   * gives the place back; `release` gives it back unused (the body could not be read, the client left).
   */
  admit(): { run: <T>(work: () => Promise<T>) => Promise<T>; release: () => void } {
    if (this.admitted >= this.active + this.waiting) {
      throw createError(
        'BUSY',
        `The drafting desk is busy: ${this.admitted} drafts are being analysed or waiting (at most ${this.active + this.waiting}). Try again in a few seconds.`,
        undefined,
        `对照台正忙：有 ${this.admitted} 份草案正在分析或排队（最多 ${this.active + this.waiting} 份）。请几秒钟后再试。`,
      );
    }
    this.admitted++;
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      this.admitted--;
    };
    const run = async <T>(work: () => Promise<T>): Promise<T> => {
      if (done) throw createError('INTERNAL', 'A draft ran after giving its place back.');
      await this.turn();
      try {
        return await work();
      } finally {
        this.running--;
        this.queue.shift()?.();
        release();
      }
    };
    return { run, release };
  }

  private turn(): Promise<void> {
    if (this.running < this.active) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.queue.push(() => {
        this.running++;
        resolve();
      }),
    );
  }
}
