/** Process figures from Linux /proc for the bench: CPU time, RSS, child processes (the embedding workers). */
import { readFileSync } from 'node:fs';

/** utime + stime of a process, in seconds (0 when it is gone or /proc is not there). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /su, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** VmHWM (peak) or VmRSS (current) of a process, in KB. */
export function procStatusKB(pid: number, key: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'mu').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Child processes of `pid`. */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/u).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds of `pid` and its children so far. */
export function treeCpuSeconds(pid: number): number {
  return cpuSeconds(pid) + childrenOf(pid).reduce((s, c) => s + cpuSeconds(c), 0);
}
