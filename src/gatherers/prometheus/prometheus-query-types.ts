import type { PrometheusData } from '../../schemas/prometheus.ts';

/** Where Prometheus is and how to authenticate; credentials never appear in any message. */
export type PrometheusServer = {
  /** Base URL, e.g. http://prometheus.istio-system:9090 or https://host/prometheus (a path prefix is kept). */
  url: string;
  /** Sent as `Authorization: Bearer …`. */
  bearerToken?: string;
  /** Sent as `Authorization: Basic …` (also taken from user:password@ in the URL). */
  basicAuth?: { username: string; password: string };
};

/** An instant query; `time` (unix seconds) defaults to the run's single "now". */
export type InstantQuery = {
  kind: 'instant';
  promql: string;
  time?: number;
  /** The values are sample timestamps (`timestamp(…)`): they date the data (see freshnessQuery). */
  valuesAreTimestamps?: boolean;
};

/** A range query over [start, end] (unix seconds) every `stepSeconds`. */
export type RangeQuery = {
  kind: 'range';
  promql: string;
  start: number;
  end: number;
  stepSeconds: number;
  valuesAreTimestamps?: boolean;
};

export type PrometheusQuery = InstantQuery | RangeQuery;

export type PrometheusFailureReason = 'unreachable' | 'timeout' | 'http_error' | 'query_error' | 'malformed';

export type PrometheusQueryOutcome =
  | {
      ok: true;
      result: PrometheusData;
      /** Prometheus's warnings about the query (e.g. a histogram_quantile over unsorted buckets). */
      warnings: string[];
      /** The evaluation time of an instant query (unix seconds); for a range query, `end`. */
      evaluatedAt: number;
      durationMs: number;
    }
  | {
      ok: false;
      reason: PrometheusFailureReason;
      /** One sentence naming the server (without credentials) and what went wrong. */
      message: string;
      /** The HTTP status, when Prometheus answered. */
      status?: number;
      /** Prometheus's errorType (bad_data, execution, timeout, …), when it gave one. */
      errorType?: string;
      durationMs: number;
    };
