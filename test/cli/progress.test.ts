import { describe, expect, it } from 'vitest';
import { embedProgress, formatDuration, parseThreads } from '../../src/cli/index-cmd.js';

describe('embedProgress', () => {
  it('estimates the time left from the rate so far', () => {
    expect(embedProgress(100, 400, 4)).toEqual({ rate: 25, etaSeconds: 12 });
    expect(embedProgress(400, 400, 16).etaSeconds).toBe(0);
  });
  it('has no estimate before the first text is done', () => {
    expect(embedProgress(0, 400, 0).etaSeconds).toBe(Infinity);
    expect(formatDuration(embedProgress(0, 400, 3).etaSeconds)).toBe('?');
  });
});

describe('formatDuration', () => {
  it('reads as seconds, minutes or hours', () => {
    expect(formatDuration(4.4)).toBe('4 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(2 * 3600 + 7 * 60 + 20)).toBe('2 h 07 min');
  });
});

describe('parseThreads', () => {
  it('takes a whole number of workers, 0 meaning the main thread', () => {
    expect(parseThreads('4')).toBe(4);
    expect(parseThreads('0')).toBe(0);
    for (const bad of ['-1', '1.5', 'two', '']) expect(() => parseThreads(bad)).toThrow(/whole number/);
  });
});
