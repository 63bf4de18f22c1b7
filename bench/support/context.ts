/** What every benchmark is given. */
export interface BenchContext {
  /** Reduced sizes (about 1/10) so everything runs in minutes. */
  readonly quick: boolean;
  log(message: string): void;
}
