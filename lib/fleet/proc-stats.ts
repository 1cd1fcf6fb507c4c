// CPU and memory of local instances, read from /proc (Linux): CPU as the share of one core used
// between two readings (utime + stime in clock ticks), memory as the resident set size.
import { readFile } from 'node:fs/promises';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on Linux for every architecture Node supports
const PAGE = 4_096;

export interface ProcReading {
  cpuTicks: number;
  rssBytes: number;
  at: number;
}

export async function readProc(pid: number, now = Date.now()): Promise<ProcReading | null> {
  try {
    const [stat, statm] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readFile(`/proc/${pid}/statm`, 'utf8'),
    ]);
    // Fields after the command name (which may hold spaces, inside parentheses): utime is 14th, stime 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    const rssBytes = Number(statm.split(' ')[1]) * PAGE;
    return Number.isFinite(cpuTicks) && Number.isFinite(rssBytes) ? { cpuTicks, rssBytes, at: now } : null;
  } catch {
    return null; // gone, or not Linux
  }
}

/** Pure: % of one core used between two readings. */
export function cpuPercent(prev: ProcReading, next: ProcReading): number | null {
  const seconds = (next.at - prev.at) / 1000;
  if (seconds <= 0 || next.cpuTicks < prev.cpuTicks) return null;
  return ((next.cpuTicks - prev.cpuTicks) / TICKS_PER_SECOND / seconds) * 100;
}
