/** Cancellation and progress reporting shared by the searches (cheap enough for inner loops). */
import type { Progress } from './types.js';

export class Ticker {
  private last = 0;
  constructor(
    private readonly signal?: AbortSignal,
    private readonly onProgress?: (p: Progress) => void,
    private readonly intervalMs = 500,
  ) {}
  /** Call every few thousand units of work: throws when aborted, reports at most every intervalMs. */
  tick(phase: string, done: number, total: number): void {
    this.signal?.throwIfAborted();
    if (!this.onProgress) return;
    const now = Date.now();
    if (now - this.last >= this.intervalMs) {
      this.last = now;
      this.onProgress({ phase, done, total });
    }
  }
  /** Report unconditionally (start or end of a phase). */
  report(phase: string, done: number, total: number): void {
    this.signal?.throwIfAborted();
    this.onProgress?.({ phase, done, total });
  }
}
