import type { Role } from './canary-input.ts';

// What Prometheus said about the app over the window, per version, already reduced from the
// query results (metrics-from-results.ts). Counts are `increase(...)` over the window; a share
// is null when its denominator is 0 (NaN is no traffic, never 0 %) (canary.md §6.4).

export type VersionMetrics = {
  /** Requests seen by the version's own sidecar (reporter=destination; waypoint in ambient). */
  readonly destinationRequests: number;
  /** Requests callers' sidecars sent it (reporter=source). */
  readonly sourceRequests: number;
  /** The volume health is judged on: destination side, or the source side when it has no sidecar series. */
  readonly requests: number;
  readonly rps: number;
  /** 5xx share (0–1) of `requests`; null without requests. */
  readonly errorShare: number | null;
  /** 4xx share (0–1); null without requests. */
  readonly share4xx: number | null;
  /** gRPC non-OK share among requests with a gRPC status; null when none carries one. */
  readonly grpcErrorShare: number | null;
  /** p99 latency in ms (histogram_quantile over the window); null without requests. */
  readonly p99Ms: number | null;
  /** Requests whose source is `unknown` at the destination: callers without a sidecar. */
  readonly unknownSourceRequests: number;
};

/** Requests the callers' proxies failed themselves (reporter=source, response_flags ≠ "-"). */
export type RoutingFailure = {
  /** Envoy's response flag: UH, NC, NR, UF, URX, UO, … */
  readonly flag: string;
  readonly responseCode: string;
  /** The version the failed requests were bound for; undefined when Istio wrote `unknown`. */
  readonly role: Role | undefined;
  readonly requests: number;
};

/** The observed split from one kind of caller (an ingress gateway vs in-mesh callers). */
export type SourceSplit = {
  readonly sourceWorkload: string;
  readonly canaryRequests: number;
  readonly stableRequests: number;
};

export type CanaryMetrics = {
  /** When Prometheus evaluated the queries (ms since the epoch). */
  readonly evaluatedAt: number;
  /** Age of the newest sample behind the answer, in seconds; null when there was none. */
  readonly dataAgeSeconds: number | null;
  /** The reporter both versions were compared on (§6.4): destination, waypoint or source. */
  readonly reporter: string;
  readonly stable: VersionMetrics | undefined;
  readonly canary: VersionMetrics | undefined;
  /** reporter=source requests to the app's Service(s) by version, over the window. */
  readonly observed: { readonly stableRequests: number; readonly canaryRequests: number };
  readonly bySource: readonly SourceSplit[];
  readonly routingFailures: readonly RoutingFailure[];
  /** Queries that failed while others answered: shown as notes, and what they feed is unknown. */
  readonly partial: readonly { readonly query: string; readonly message: string }[];
};
