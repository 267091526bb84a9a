/**
 * What the Slack stand-in does instead of answering normally, the way Slack misbehaves: an HTTP
 * status (429 with Retry-After, 500), a Slack error code in a 200 (`message_not_found`,
 * `not_in_channel`), or a hang (the request is read and never answered).
 */
export type Fault =
  | { status: 429; retryAfterSeconds: number }
  | { status: 500 | 502 | 503 }
  | { error: string }
  | { hang: true };

/**
 * Decides the fault for the n-th call (0-based) to one method, or one response_url: undefined
 * answers normally. `key` is the response_url id, or the channel of a Web API call.
 */
export type FaultPlan = (n: number, key: string) => Fault | undefined;

/** The first `times` calls get `fault`, then normal answers. */
export const firstN =
  (times: number, fault: Fault): FaultPlan =>
  (n) =>
    n < times ? fault : undefined;

/** Every call gets `fault`. */
export const always =
  (fault: Fault): FaultPlan =>
  () =>
    fault;

/** Counts calls per key so a plan sees the n-th call of each conversation or URL. */
export class FaultBook {
  private readonly plans = new Map<string, FaultPlan>();
  private readonly counts = new Map<string, number>();

  set(target: string, plan: FaultPlan | undefined): void {
    if (plan) this.plans.set(target, plan);
    else this.plans.delete(target);
  }

  next(target: string, key: string): Fault | undefined {
    const plan = this.plans.get(target);
    if (!plan) return undefined;
    const counter = `${target}\u0000${key}`;
    const n = this.counts.get(counter) ?? 0;
    this.counts.set(counter, n + 1);
    return plan(n, key);
  }
}
