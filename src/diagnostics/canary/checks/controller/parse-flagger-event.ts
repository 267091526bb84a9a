import type { KubeEvent } from '../../../../schemas/kube.ts';

// Flagger writes every decision as an Event with reason `Synced`: only the message text carries
// meaning (canary.md §1.5), and the latest `Halt …` is the only place the last measured value and
// its limit appear. Messages are Flagger v1.36.1's (pkg/controller/scheduler*.go).

export type FlaggerEvent =
  /** "Halt podinfo.test advancement success rate 61.39% < 99%" (a metric outside its range). */
  | {
      readonly kind: 'halt-metric';
      readonly target: string | undefined;
      readonly metric: string;
      readonly value: string;
      readonly op: '<' | '>';
      readonly limit: string;
    }
  /** "Halt advancement no values found for istio metric request-success-rate probably … is not receiving traffic". */
  | { readonly kind: 'halt-no-values'; readonly metric: string | undefined; readonly detail: string }
  /** "Halt podinfo.test advancement waiting for approval confirm" (a confirm-* gate closed). */
  | { readonly kind: 'waiting-approval'; readonly target: string | undefined; readonly detail: string }
  /** Any other "Halt … advancement …" (a webhook that failed, a pre-rollout check …). */
  | { readonly kind: 'halt'; readonly target: string | undefined; readonly detail: string }
  /** "Rolling back podinfo.test failed checks threshold reached 5" (or progress deadline, manual). */
  | {
      readonly kind: 'rollback';
      readonly target: string;
      readonly failedChecks: number | undefined;
      readonly detail: string;
    }
  /** "Canary failed! Scaling down podinfo.test". */
  | { readonly kind: 'failed'; readonly target: string }
  /** "canary deployment podinfo.test not ready: waiting for rollout to finish: 0 of 1 updated replicas are available". */
  | {
      readonly kind: 'not-ready';
      readonly which: 'canary' | 'primary';
      readonly target: string;
      readonly detail: string;
    }
  /** "Error checking metric providers: …". */
  | { readonly kind: 'metrics-error'; readonly detail: string }
  /** "Advance podinfo.test canary weight 10" / "… canary iteration 2/10". */
  | { readonly kind: 'advance'; readonly target: string; readonly weight: number | undefined }
  | { readonly kind: 'new-revision' }
  | { readonly kind: 'promoted' }
  | { readonly kind: 'other' };

const haltMetric = /^(.+?) (-?[\d.]+(?:%|[a-zµ]+)?) ([<>]) (-?[\d.]+(?:%|[a-zµ]+)?)$/;

/** What one Flagger event message says; `other` for messages it does not recognise. */
export function parseFlaggerEvent(message: string): FlaggerEvent {
  const text = message.trim();
  if (/^error checking metric providers/i.test(text)) {
    return { kind: 'metrics-error', detail: text.replace(/^error checking metric providers:?\s*/i, '') };
  }
  const noValues = /^Halt (?:\S+ )?advancement no values found for (?:\S+ metric )?(\S+)/.exec(text);
  if (noValues) return { kind: 'halt-no-values', metric: noValues[1], detail: text };
  const halt = /^Halt (?:(\S+) )?advancement (.*)$/s.exec(text);
  if (halt) {
    const target = halt[1];
    const rest = halt[2] ?? '';
    if (/waiting for .*approval/i.test(rest)) return { kind: 'waiting-approval', target, detail: rest };
    const m = haltMetric.exec(rest);
    if (m) {
      return {
        kind: 'halt-metric',
        target,
        metric: m[1] ?? '',
        value: m[2] ?? '',
        op: m[3] === '<' ? '<' : '>',
        limit: m[4] ?? '',
      };
    }
    return { kind: 'halt', target, detail: rest };
  }
  const rollback = /^Rolling back (\S+) (.*)$/s.exec(text);
  if (rollback) {
    const detail = rollback[2] ?? '';
    const n = /failed checks threshold reached (\d+)/.exec(detail);
    return {
      kind: 'rollback',
      target: rollback[1] ?? '',
      failedChecks: n ? Number(n[1]) : undefined,
      detail,
    };
  }
  const failed = /^Canary failed! Scaling down (\S+)/.exec(text);
  if (failed) return { kind: 'failed', target: failed[1] ?? '' };
  const notReady = /^(canary|primary) deployment (\S+) not ready:?\s*(.*)$/is.exec(text);
  if (notReady) {
    return {
      kind: 'not-ready',
      which: notReady[1]?.toLowerCase() === 'primary' ? 'primary' : 'canary',
      target: notReady[2] ?? '',
      detail: notReady[3] ?? '',
    };
  }
  const advance = /^Advance (\S+) canary (?:weight (\d+)|iteration)/.exec(text);
  if (advance) {
    return { kind: 'advance', target: advance[1] ?? '', weight: advance[2] ? Number(advance[2]) : undefined };
  }
  if (/^New revision detected/.test(text)) return { kind: 'new-revision' };
  if (/^Promotion completed/.test(text)) return { kind: 'promoted' };
  return { kind: 'other' };
}

/** When an event last happened (ms since the epoch), or undefined when it carries no time. */
export function eventTime(event: KubeEvent): number | undefined {
  const t =
    event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The newest event (events come newest first) whose parsed message is of `kind`, with its parse. */
export function latestFlaggerEvent<K extends FlaggerEvent['kind']>(
  events: readonly KubeEvent[],
  kind: K,
): { event: KubeEvent; parsed: Extract<FlaggerEvent, { kind: K }> } | undefined {
  for (const event of events) {
    const parsed = parseFlaggerEvent(event.message ?? '');
    if (parsed.kind === kind) return { event, parsed: parsed as Extract<FlaggerEvent, { kind: K }> };
  }
  return undefined;
}

/** "success rate 61.39% < 99%" as people read it. */
export function describeHalt(e: Extract<FlaggerEvent, { kind: 'halt-metric' }>): string {
  return `${e.metric} ${e.value} ${e.op} ${e.limit}`;
}
