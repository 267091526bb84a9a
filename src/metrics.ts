import { Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics for /metrics: one registry per process, passed to whoever records. */
export type Metrics = {
  registry: Registry;
  commands: Counter<'command' | 'surface' | 'outcome'>;
  duration: Histogram<'command' | 'surface'>;
  deliveries: Counter<'surface' | 'outcome' | 'route'>;
  retries: Counter<'route' | 'cause'>;
  fallbacks: Counter<'from' | 'to'>;
  lost: Counter<'surface' | 'cause'>;
};

export function createMetrics(): Metrics {
  const registry = new Registry();
  return {
    registry,
    commands: new Counter({
      name: 'meshdoc_commands_total',
      help: 'Commands answered, by command, surface and outcome (verdict or error code).',
      labelNames: ['command', 'surface', 'outcome'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'meshdoc_command_duration_seconds',
      help: 'Time from receiving a command to its answer being ready.',
      labelNames: ['command', 'surface'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'meshdoc_slack_deliveries_total',
      help: 'Answers (and failure messages) by surface, outcome (delivered or lost) and the route that delivered them.',
      labelNames: ['surface', 'outcome', 'route'] as const,
      registers: [registry],
    }),
    retries: new Counter({
      name: 'meshdoc_slack_delivery_retries_total',
      help: 'Posts tried again on the same route, by route and the cause of the try before (http_429, http_500, timeout, …).',
      labelNames: ['route', 'cause'] as const,
      registers: [registry],
    }),
    fallbacks: new Counter({
      name: 'meshdoc_slack_delivery_fallbacks_total',
      help: 'Moves from one route to the next (response_url → ephemeral → dm; update → thread_reply → dm).',
      labelNames: ['from', 'to'] as const,
      registers: [registry],
    }),
    lost: new Counter({
      name: 'meshdoc_slack_answers_lost_total',
      help: 'Answers that reached nobody, by surface and the last route result.',
      labelNames: ['surface', 'cause'] as const,
      registers: [registry],
    }),
  };
}
