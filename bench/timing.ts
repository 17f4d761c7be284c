export interface Timing {
  name: string;
  /** Median of the runs, ms. */
  ms: number;
  runs: number;
}

/** Runs `fn` to warm up (the JIT settles in a few runs), then `runs` times, and keeps the median wall time. */
export function time<T>(name: string, fn: () => T, runs = 5, warmup = 3): { timing: Timing; value: T } {
  let value = fn();
  for (let w = 1; w < warmup; w++) value = fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    value = fn();
    samples.push(performance.now() - start);
  }
  return { timing: median(name, samples), value };
}

/** The same for a function that returns a promise: each run's time runs until it settles. */
export async function timeAsync<T>(name: string, fn: () => Promise<T>, runs = 5, warmup = 3): Promise<{ timing: Timing; value: T }> {
  let value = await fn();
  for (let w = 1; w < warmup; w++) value = await fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    value = await fn();
    samples.push(performance.now() - start);
  }
  return { timing: median(name, samples), value };
}

function median(name: string, samples: number[]): Timing {
  samples.sort((a, b) => a - b);
  return { name, ms: samples[Math.floor(samples.length / 2)], runs: samples.length };
}

/** Prints rows as an aligned text table. */
export function printTable(header: string[], rows: (string | number)[][]): void {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
  const line = (r: (string | number)[]) => r.map((v, k) => (k === 0 ? String(v).padEnd(widths[k]) : String(v).padStart(widths[k]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
