// Measured, not estimated: a process's CPU time and memory as Linux accounts them in /proc.
import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux Node runs on

export interface ProcSample {
  /** user + system CPU seconds since the process started */
  cpuSeconds: number;
  /** resident set size now, MB */
  rssMb: number;
  /** peak resident set size since start (VmHWM), MB */
  peakRssMb: number;
}

/** undefined once the process is gone */
export function sample(pid: number): ProcSample | undefined {
  try {
    // The command name may hold spaces and parentheses: fields are counted after its closing ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
    return { cpuSeconds, rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** The pids whose parent is `ppid` and whose command name is `comm` (as the kernel keeps it: 15 characters at most). */
export function childrenNamed(ppid: number, comm: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return parent === ppid && name === comm.slice(0, 15);
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}
