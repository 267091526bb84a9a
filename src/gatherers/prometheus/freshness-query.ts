import type { InstantQuery } from './prometheus-query-types.ts';

/**
 * A query whose answer dates the data: the newest scrape time of the series `selector` picks
 * (`max(timestamp(<selector>))`, unix seconds). Add it to a run of runPrometheusQueries and the
 * run's `dataAgeSeconds` is how old that scrape is ("data 20 s old"); without it, an instant
 * query's samples carry only the evaluation time, which says nothing about the scrapes behind it.
 */
export function freshnessQuery(selector: string): InstantQuery {
  return { kind: 'instant', promql: `max(timestamp(${selector}))`, valuesAreTimestamps: true };
}
