import {
  istioDurationBucketsMs,
  type RoutingFailure,
  type Scenario,
  type ScenarioCaller,
  type ScenarioVersion,
} from './scenario.ts';

/** One exposition line's identity and how fast its value grows (per second). */
export type SeriesRate = { name: string; labels: Record<string, string>; rate: number };

export const requestsTotal = 'istio_requests_total';
export const requestDuration = 'istio_request_duration_milliseconds';

type Outcome = { share: number; code: string; grpc: string | undefined };

/**
 * Every series a scenario produces, with its steady rate: for each version × caller × outcome,
 * istio_requests_total and the duration histogram (_bucket per Istio's default bucket, _sum,
 * _count), once per reporter that would see it (source: the caller has a sidecar; destination: the
 * version has one), plus the routing failures (reporter="source" only). Series with rate 0 are
 * left out: Istio has no series for traffic that never happened.
 */
export function seriesOf(scenario: Scenario): SeriesRate[] {
  const out: SeriesRate[] = [];
  const app = scenario.app ?? scenario.service;
  for (const version of scenario.versions) {
    const callers = callerRates(scenario, version);
    for (const { caller, rps } of callers) {
      if (rps <= 0) continue;
      for (const outcome of outcomes(scenario, version)) {
        const rate = rps * outcome.share;
        if (rate <= 0) continue;
        const reporters = [
          ...(caller.sidecar ? (['source'] as const) : []),
          ...(version.sidecar ? (['destination'] as const) : []),
        ];
        for (const reporter of reporters) {
          const labels = istioLabels({
            reporter,
            scenario,
            app,
            caller,
            destination: version,
            code: outcome.code,
            grpc: outcome.grpc,
            flags: '-',
          });
          out.push({ name: requestsTotal, labels, rate });
          out.push(...histogram(labels, rate, version.latencyMs));
        }
      }
    }
  }
  for (const failure of scenario.routingFailures) out.push(...routingFailureSeries(scenario, app, failure));
  return out;
}

/** How a version's traffic divides among the callers. */
function callerRates(
  scenario: Scenario,
  version: ScenarioVersion,
): { caller: ScenarioCaller; rps: number }[] {
  const weights = scenario.callers.map((c) => c.shareByVersion?.[version.version] ?? c.share);
  const total = weights.reduce((a, b) => a + b, 0);
  return scenario.callers.map((caller, i) => ({
    caller,
    rps: total > 0 ? (version.rps * (weights[i] ?? 0)) / total : 0,
  }));
}

function outcomes(scenario: Scenario, version: ScenarioVersion): Outcome[] {
  const grpc = scenario.protocol === 'grpc';
  const ok = 1 - version.errorShare - version.clientErrorShare - version.grpcErrorShare;
  const list: Outcome[] = [
    { share: ok, code: '200', grpc: grpc ? '0' : undefined },
    {
      share: version.errorShare,
      code: String(version.errorCode),
      grpc: grpc ? grpcStatusOfHttp(version.errorCode) : undefined,
    },
    { share: version.clientErrorShare, code: '404', grpc: grpc ? '12' : undefined },
  ];
  if (grpc) list.push({ share: version.grpcErrorShare, code: '200', grpc: version.grpcErrorStatus });
  return list.filter((o) => o.share > 0);
}

/** Envoy's mapping of an HTTP status to a gRPC status (grpc_response_status of a 5xx). */
function grpcStatusOfHttp(code: number): string {
  if (code === 502 || code === 503 || code === 504) return '14';
  return '2';
}

function routingFailureSeries(scenario: Scenario, app: string, failure: RoutingFailure): SeriesRate[] {
  const caller = failure.caller
    ? scenario.callers.find((c) => c.workload === failure.caller)
    : scenario.callers.find((c) => c.sidecar);
  if (!caller) return [];
  // NC (no cluster) and NR (no route): nothing upstream was chosen, so Istio knows only the Service
  // asked for (from the authority), not which workload would have answered.
  const chosen =
    failure.flag === 'NC' || failure.flag === 'NR' || failure.version === undefined
      ? undefined
      : scenario.versions.find((v) => v.version === failure.version);
  const labels = istioLabels({
    reporter: 'source',
    scenario,
    app,
    caller,
    destination: chosen,
    code: String(failure.responseCode),
    grpc: scenario.protocol === 'grpc' ? grpcStatusOfHttp(failure.responseCode) : undefined,
    flags: failure.flag,
  });
  // The proxy answers at once: no upstream time.
  return [
    { name: requestsTotal, labels, rate: failure.rps },
    ...histogram(labels, failure.rps, { p50: 0.3, p99: 2 }),
  ];
}

/** Istio's standard label set, in the order Istio writes it. */
function istioLabels(input: {
  reporter: 'source' | 'destination';
  scenario: Scenario;
  app: string;
  caller: ScenarioCaller;
  destination: ScenarioVersion | undefined;
  code: string;
  grpc: string | undefined;
  flags: string;
}): Record<string, string> {
  const { reporter, scenario, app, caller, destination: v, flags } = input;
  // The callee's sidecar knows its caller only through the caller's sidecar (peer metadata).
  const known = caller.sidecar;
  const sourceApp = caller.app ?? caller.workload;
  const service = v?.service ?? scenario.service;
  const labels: Record<string, string> = {
    reporter,
    source_workload: known ? caller.workload : 'unknown',
    source_canonical_service: known ? sourceApp : 'unknown',
    source_canonical_revision: known ? (caller.version ?? 'latest') : 'latest',
    source_workload_namespace: known ? caller.namespace : 'unknown',
    source_principal: known
      ? `spiffe://cluster.local/ns/${caller.namespace}/sa/${caller.workload}`
      : 'unknown',
    source_app: known ? sourceApp : 'unknown',
    source_version: known ? (caller.version ?? 'unknown') : 'unknown',
    source_cluster: known ? scenario.cluster : 'unknown',
    destination_workload: v?.workload ?? 'unknown',
    destination_workload_namespace: v ? scenario.namespace : 'unknown',
    destination_principal: v ? `spiffe://cluster.local/ns/${scenario.namespace}/sa/${app}` : 'unknown',
    destination_app: v ? app : 'unknown',
    destination_version: v?.version ?? 'unknown',
    destination_service: `${service}.${scenario.namespace}.svc.cluster.local`,
    destination_canonical_service: v ? app : 'unknown',
    destination_canonical_revision: v ? (v.canonicalRevision ?? v.version) : 'latest',
    destination_service_name: service,
    destination_service_namespace: scenario.namespace,
    destination_cluster: v ? scenario.cluster : 'unknown',
    request_protocol: scenario.protocol,
    response_code: input.code,
    response_flags: flags,
    connection_security_policy: reporter === 'source' ? 'unknown' : known ? 'mutual_tls' : 'none',
  };
  // Istio leaves grpc_response_status empty for plain HTTP, which Prometheus drops as no label.
  if (input.grpc !== undefined) labels.grpc_response_status = input.grpc;
  return labels;
}

/**
 * The histogram of `rate` requests per second with a log-normal latency through p50 and p99:
 * each bucket grows at rate × P(latency ≤ le), _sum at rate × mean, _count at rate.
 */
function histogram(
  labels: Record<string, string>,
  rate: number,
  latency: { p50: number; p99: number },
): SeriesRate[] {
  const mu = Math.log(latency.p50);
  const sigma = (Math.log(latency.p99) - mu) / 2.3263478740408408; // z of the 99th percentile
  const cdf = (x: number) =>
    sigma <= 0 ? (x >= latency.p50 ? 1 : 0) : normalCdf((Math.log(x) - mu) / sigma);
  const out: SeriesRate[] = istioDurationBucketsMs.map((le) => ({
    name: `${requestDuration}_bucket`,
    labels: { ...labels, le: String(le) },
    rate: rate * cdf(le),
  }));
  out.push({ name: `${requestDuration}_bucket`, labels: { ...labels, le: '+Inf' }, rate });
  out.push({ name: `${requestDuration}_sum`, labels, rate: rate * Math.exp(mu + (sigma * sigma) / 2) });
  out.push({ name: `${requestDuration}_count`, labels, rate });
  return out;
}

/** Φ(x), the standard normal CDF (Abramowitz–Stegun 7.1.26 for erf; error < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
