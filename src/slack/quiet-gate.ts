import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Holds the slow part of a command back while more commands are still arriving, so a burst of
 * /mesh invocations is acked first and gathered after. Slack's 3 s ack deadline cannot wait;
 * the Kubernetes reads can wait a few milliseconds. Bounded: nobody waits longer than maxWaitMs.
 */
export class QuietGate {
  private lastArrival = Number.NEGATIVE_INFINITY;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;

  constructor(options: { quietMs: number; maxWaitMs: number } = { quietMs: 5, maxWaitMs: 50 }) {
    this.quietMs = options.quietMs;
    this.maxWaitMs = options.maxWaitMs;
  }

  /** Called as a command arrives, before its ack. */
  arrived(): void {
    this.lastArrival = performance.now();
  }

  /** Resolves once no command arrived for quietMs, or maxWaitMs after `since`. */
  async pass(since: number): Promise<void> {
    for (;;) {
      const now = performance.now();
      const quietFor = now - this.lastArrival;
      if (quietFor >= this.quietMs || now - since >= this.maxWaitMs) return;
      await sleep(Math.max(1, Math.min(this.quietMs - quietFor, since + this.maxWaitMs - now)));
    }
  }
}
