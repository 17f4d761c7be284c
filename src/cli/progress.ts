import type { Progress } from '../model/progress.js';
import { int } from '../model/figures.js';

/**
 * A progress bar on standard error for long steps, redrawn at most every 100 ms and wiped when the step
 * ends, so that nothing of it stays in the terminal. None when standard error is not a terminal (a pipe, a
 * file, CI) or with --quiet. `clock` (milliseconds) is the system's monotonic clock unless a test gives its own.
 */
export function progressBar(stream: NodeJS.WriteStream, quiet?: boolean, clock: () => number = () => performance.now()): Progress | undefined {
  if (quiet || !stream.isTTY) return undefined;
  let drawn = 0;
  let started = new Map<string, number>();
  return (event) => {
    const now = clock();
    const first = !started.has(event.step);
    if (first) started.set(event.step, now);
    if (event.finished) {
      stream.write('\r\x1b[K');
      started = new Map([...started].filter(([step]) => step !== event.step));
      return;
    }
    if (!first && now - drawn < 100) return;
    drawn = now;
    const seconds = ((now - started.get(event.step)!) / 1000).toFixed(0);
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 60));
    const line =
      event.total && event.total > 0
        ? `${event.step} [${'#'.repeat(Math.round((width * Math.min(event.done, event.total)) / event.total)).padEnd(width, '.')}] ${Math.floor((100 * event.done) / event.total)} % ${seconds} s`
        : `${event.step}: ${int(event.done)} ${event.unit}, ${seconds} s`;
    stream.write(`\r\x1b[K${line.slice(0, (stream.columns ?? 80) - 1)}`);
  };
}
