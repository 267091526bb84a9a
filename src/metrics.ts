import { Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics for /metrics: one registry per process, passed to whoever records. */
export type Metrics = {
  registry: Registry;
  commands: Counter<'command' | 'surface' | 'outcome'>;
  duration: Histogram<'command' | 'surface'>;
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
  };
}
