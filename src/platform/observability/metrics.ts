import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The service's Prometheus metrics: append latency, projection lag, command outcomes. */
export class Metrics {
  readonly registry = new Registry();
  readonly appendDuration = new Histogram({
    name: 'coop_event_append_duration_seconds',
    help: 'Time to append to the event store, from call to durable acknowledgement',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'coop_commands_total',
    help: 'Commands handled, by command and outcome (ok, replayed, refused, invalid, conflict, error)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly projectionLag = new Gauge({
    name: 'coop_projection_lag',
    help: 'How far each projection is behind the head of $all, in position units (events on the embedded store)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'coop_' });
  }
}
