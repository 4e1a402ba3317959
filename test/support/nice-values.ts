import { readdirSync, readFileSync } from 'node:fs';

/** The nice value of every thread of process `pid`, as the kernel's scheduler sees it (Linux /proc). */
export function niceValues(pid: number | 'self' = 'self'): number[] {
  const tasks = `/proc/${pid}/task`;
  return readdirSync(tasks).map((tid) => {
    const stat = readFileSync(`${tasks}/${tid}/stat`, 'utf8');
    // Field 19 of stat is the nice value; fields start after the parenthesised command name.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}
