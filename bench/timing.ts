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
  samples.sort((a, b) => a - b);
  return { timing: { name, ms: samples[Math.floor(samples.length / 2)], runs }, value };
}

/** Prints rows as an aligned text table. */
export function printTable(header: string[], rows: (string | number)[][]): void {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
  const line = (r: (string | number)[]) => r.map((v, k) => (k === 0 ? String(v).padEnd(widths[k]) : String(v).padStart(widths[k]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
