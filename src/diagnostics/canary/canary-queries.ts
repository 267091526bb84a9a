import type { CanaryInput, CanaryVersion, MetricKey } from './canary-input.ts';

// The PromQL canary status asks (canary.md §6.3), built from the two versions' metric keys. Pure:
// the command runs them through the one Prometheus client (gatherers/prometheus/) and
// metrics-from-results.ts reduces the answers. Every query groups by the version label, so one
// query serves both versions and both are read at the same instant over the same window.

/** The query kinds the Prometheus client runs; structurally the client's own types. */
export type PlannedQuery =
  | { kind: 'instant'; promql: string; valuesAreTimestamps?: boolean }
  | { kind: 'range'; promql: string; start: number; end: number; stepSeconds: number };

export const instantQueryIds = [
  'requests',
  'errors5xx',
  'errors4xx',
  'grpc',
  'p99',
  'unknownSource',
  'bySource',
  'routingFailures',
  'freshness',
] as const;
export type InstantQueryId = (typeof instantQueryIds)[number];
export const rangeQueryIds = ['rpsOverTime', 'errorsOverTime', 'p99OverTime'] as const;
export type RangeQueryId = (typeof rangeQueryIds)[number];
export type CanaryQueryId = InstantQueryId | RangeQueryId;

/** A PromQL string literal (double-quoted, escaped). */
export function promString(value: string): string {
  return JSON.stringify(value);
}

/** An anchored regex matching exactly these values (Prometheus anchors `=~` at both ends). */
export function exactAlternation(values: readonly string[]): string {
  return promString(values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
}

/** The label both versions are told apart by, when they share one. */
export function sharedKey(
  stable: CanaryVersion | undefined,
  canary: CanaryVersion | undefined,
): MetricKey['label'] | undefined {
  if (!stable?.metricKey || !canary?.metricKey) return undefined;
  if (stable.metricKey.label !== canary.metricKey.label) return undefined;
  if (stable.metricKey.value === canary.metricKey.value) return undefined;
  return stable.metricKey.label;
}

/**
 * The queries for a canary from a first pass of its input (built without metrics): which label
 * separates the versions, and the Services its split routes to. Undefined as canaryQueries says.
 */
export function canaryQueriesFor(
  draft: Pick<CanaryInput, 'namespace' | 'stable' | 'canary' | 'split'>,
  window: { seconds: number; end: number },
): Record<CanaryQueryId, PlannedQuery> | undefined {
  const splitServices = [
    ...new Set(
      (draft.split?.destinations ?? []).map((d) => d.host.split('.')[0] ?? '').filter((s) => s !== ''),
    ),
  ];
  return canaryQueries(draft.namespace, draft.stable, draft.canary, splitServices, window);
}

/**
 * The queries for one canary, or undefined when nothing separates the versions in Istio's metrics
 * (P05 says why). `services` are the Service names the split routes to (routing failures carry
 * only the destination Service: a 503 NC never reached a version).
 */
export function canaryQueries(
  namespace: string,
  stable: CanaryVersion | undefined,
  canary: CanaryVersion | undefined,
  services: readonly string[],
  window: { seconds: number; end: number },
): Record<CanaryQueryId, PlannedQuery> | undefined {
  const label = sharedKey(stable, canary);
  if (!label || !stable?.metricKey || !canary?.metricKey) return undefined;
  const w = `${window.seconds}s`;
  const versions = exactAlternation([stable.metricKey.value, canary.metricKey.value]);
  const base = `destination_workload_namespace=${promString(namespace)}, ${label}=~${versions}`;
  const sel = (extra = '') => `{${base}${extra}}`;
  const inc = (extra: string, by: string) =>
    `sum by (${by}) (increase(istio_requests_total${sel(extra)}[${w}]))`;
  const svc = `destination_service_namespace=${promString(namespace)}, destination_service_name=~${exactAlternation(services.length > 0 ? services : ['-'])}`;
  // ≈30 points over the window for the chart, never finer than 5 s (a scrape interval).
  const step = Math.max(5, Math.round(window.seconds / 30));
  const start = window.end - window.seconds;
  const range = (promql: string): PlannedQuery => ({
    kind: 'range',
    promql,
    start,
    end: window.end,
    stepSeconds: step,
  });
  // Grouped by reporter like the instant queries: the chart draws the reporter the comparison used
  // (metrics-from-results.ts), so a version only the callers see (a subset with no pod, no sidecar)
  // is drawn too.
  const rate = (extra: string) =>
    `sum by (reporter, ${label}) (rate(istio_requests_total${sel(extra)}[${Math.max(step * 2, 30)}s]))`;
  return {
    requests: { kind: 'instant', promql: inc('', `reporter, ${label}`) },
    errors5xx: { kind: 'instant', promql: inc(', response_code=~"5.."', `reporter, ${label}`) },
    errors4xx: { kind: 'instant', promql: inc(', response_code=~"4.."', `reporter, ${label}`) },
    grpc: {
      kind: 'instant',
      promql: inc(', grpc_response_status!=""', `reporter, ${label}, grpc_response_status`),
    },
    p99: {
      kind: 'instant',
      promql: `histogram_quantile(0.99, sum by (reporter, ${label}, le) (rate(istio_request_duration_milliseconds_bucket${sel()}[${w}])))`,
    },
    unknownSource: {
      kind: 'instant',
      promql: inc(', reporter="destination", source_workload="unknown"', label),
    },
    bySource: { kind: 'instant', promql: inc(', reporter="source"', `source_workload, ${label}`) },
    routingFailures: {
      kind: 'instant',
      promql: `sum by (response_flags, response_code, ${label}) (increase(istio_requests_total{reporter="source", ${svc}, response_flags!="-", response_flags!=""}[${w}]))`,
    },
    freshness: {
      kind: 'instant',
      promql: `max(timestamp(istio_requests_total${sel()}))`,
      valuesAreTimestamps: true,
    },
    rpsOverTime: range(rate('')),
    errorsOverTime: range(`${rate(', response_code=~"5.."')} / ${rate('')}`),
    p99OverTime: range(
      `histogram_quantile(0.99, sum by (reporter, ${label}, le) (rate(istio_request_duration_milliseconds_bucket${sel()}[${Math.max(step * 2, 30)}s])))`,
    ),
  };
}
