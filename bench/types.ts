// The shape of a benchmark module: bench/<anything>.bench.ts. Adding a bench
// is adding a file; bench/run.ts finds it.
export type Metrics = Record<string, number | string>

export interface BenchModule {
  /** Row label in the table. */
  name: string
  /** One measurement; numbers are reduced to their median over the runs. */
  run(): Promise<Metrics> | Metrics
  /** Runs of run() (default 5, or --runs N). Set 1 when run() already repeats itself. */
  runs?: number
  /**
   * Print this bench's metric divided by a C baseline's (bench/c/<c>.c, which
   * prints "<metric> <value>" lines): the simulated/real ratio.
   */
  compare?: { c: string; metric: string; cMetric?: string }
}
