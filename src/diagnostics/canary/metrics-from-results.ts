import type { PrometheusData } from '../../schemas/prometheus.ts';
import type { MetricKey, Role } from './canary-input.ts';
import type { CanaryMetrics, RoutingFailure, SourceSplit, VersionMetrics } from './canary-metrics.ts';
import type { InstantQueryId } from './canary-queries.ts';

/** One query's answer as the Prometheus client gives it (structurally its outcome type). */
export type QueryAnswer =
  | { readonly ok: true; readonly result: PrometheusData }
  | { readonly ok: false; readonly message: string };

type Row = { labels: Record<string, string>; value: number };

function rows(answer: QueryAnswer | undefined): Row[] {
  if (!answer?.ok) return [];
  const data = answer.result;
  if (data.resultType === 'vector')
    return data.result.map((r) => ({ labels: r.metric, value: r.value.value }));
  if (data.resultType === 'scalar') return [{ labels: {}, value: data.result.value }];
  return [];
}

/** A finite number, or 0: NaN is "no requests" and is told apart by the request count, not here. */
const finite = (v: number) => (Number.isFinite(v) ? v : 0);

/**
 * Reduces the instant answers to per-version figures. Both versions are compared on the same
 * reporter (§6.4): the destination's own sidecar when both have destination series, else the
 * callers' (a version without a sidecar has no destination series). Returns undefined with the
 * reason when the answers that everything rests on (request counts) are missing.
 */
export function metricsFromResults(
  answers: Partial<Record<InstantQueryId, QueryAnswer>>,
  keys: { label: MetricKey['label']; stable: string; canary: string },
  window: { seconds: number; evaluatedAt: number; dataAgeSeconds: number | undefined },
): { metrics: CanaryMetrics } | { failed: string } {
  const requests = answers.requests;
  if (!requests?.ok) return { failed: requests?.message ?? 'Prometheus was not asked for request counts.' };
  const roleOf = (labels: Record<string, string>): Role | undefined =>
    labels[keys.label] === keys.canary ? 'canary' : labels[keys.label] === keys.stable ? 'stable' : undefined;
  const sum = (
    id: InstantQueryId,
    role: Role,
    reporter?: string,
    extra?: (l: Record<string, string>) => boolean,
  ) =>
    rows(answers[id])
      .filter(
        (r) =>
          roleOf(r.labels) === role &&
          (!reporter || r.labels.reporter === reporter) &&
          (!extra || extra(r.labels)),
      )
      .reduce((s, r) => s + finite(r.value), 0);

  const dest = {
    stable: sum('requests', 'stable', 'destination'),
    canary: sum('requests', 'canary', 'destination'),
  };
  const src = { stable: sum('requests', 'stable', 'source'), canary: sum('requests', 'canary', 'source') };
  // Ambient: waypoint series stand for the destination side when there are no sidecar series.
  const waypoint = {
    stable: sum('requests', 'stable', 'waypoint'),
    canary: sum('requests', 'canary', 'waypoint'),
  };
  const destinationSide =
    dest.stable + dest.canary > 0
      ? 'destination'
      : waypoint.stable + waypoint.canary > 0
        ? 'waypoint'
        : undefined;
  const bothHaveDestination =
    destinationSide !== undefined &&
    (destinationSide === 'destination' ? dest : waypoint).stable > 0 &&
    (destinationSide === 'destination' ? dest : waypoint).canary > 0;
  const reporter = bothHaveDestination
    ? (destinationSide ?? 'destination')
    : src.stable + src.canary > 0
      ? 'source'
      : (destinationSide ?? 'destination');

  const p99Row = (role: Role) =>
    rows(answers.p99).find((r) => roleOf(r.labels) === role && r.labels.reporter === reporter);
  const version = (role: Role): VersionMetrics => {
    const n = sum('requests', role, reporter);
    const share = (id: InstantQueryId) => (answers[id]?.ok && n > 0 ? sum(id, role, reporter) / n : null);
    const grpcAll = sum('grpc', role, reporter);
    const grpcBad = sum('grpc', role, reporter, (l) => l.grpc_response_status !== '0');
    const p99 = p99Row(role)?.value;
    return {
      destinationRequests: destinationSide === 'waypoint' ? waypoint[role] : dest[role],
      sourceRequests: src[role],
      requests: n,
      rps: n / window.seconds,
      errorShare: share('errors5xx'),
      share4xx: share('errors4xx'),
      grpcErrorShare: answers.grpc?.ok && grpcAll > 0 ? grpcBad / grpcAll : null,
      p99Ms: p99 !== undefined && Number.isFinite(p99) && n > 0 ? p99 : null,
      unknownSourceRequests: sum('unknownSource', role),
    };
  };

  const bySource = new Map<string, { stableRequests: number; canaryRequests: number }>();
  for (const r of rows(answers.bySource)) {
    const role = roleOf(r.labels);
    if (!role) continue;
    const name = r.labels.source_workload ?? 'unknown';
    const entry = bySource.get(name) ?? { stableRequests: 0, canaryRequests: 0 };
    if (role === 'canary') entry.canaryRequests += finite(r.value);
    else entry.stableRequests += finite(r.value);
    bySource.set(name, entry);
  }
  const sources: SourceSplit[] = [...bySource.entries()]
    .map(([sourceWorkload, v]) => ({ sourceWorkload, ...v }))
    .sort((a, b) => a.sourceWorkload.localeCompare(b.sourceWorkload));

  const failures: RoutingFailure[] = rows(answers.routingFailures)
    .filter((r) => finite(r.value) > 0)
    .map((r) => ({
      flag: r.labels.response_flags ?? '-',
      responseCode: r.labels.response_code ?? '',
      role: roleOf(r.labels),
      requests: finite(r.value),
    }))
    .sort((a, b) => b.requests - a.requests);

  const partial = (Object.entries(answers) as [InstantQueryId, QueryAnswer][])
    .filter(([, a]) => !a.ok)
    .map(([query, a]) => ({ query, message: a.ok ? '' : a.message }));

  return {
    metrics: {
      evaluatedAt: window.evaluatedAt,
      dataAgeSeconds: window.dataAgeSeconds ?? null,
      reporter,
      stable: version('stable'),
      canary: version('canary'),
      observed: { stableRequests: src.stable, canaryRequests: src.canary },
      bySource: sources,
      routingFailures: failures,
      partial,
    },
  };
}
