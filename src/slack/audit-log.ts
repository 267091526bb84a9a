import type { Logger } from 'pino';
import type { DeliveryOutcome } from './delivery/attempt.ts';

/** One line per command, for "who ran what where, and what came of it" (product.md, Safety). */
export type AuditEntry = {
  surface: 'slash' | 'mention' | 'share';
  user: string | undefined;
  channel: string;
  thread: string | undefined;
  cluster: string | undefined;
  command: string | undefined;
  args: readonly string[];
  /** The report's verdict, when the command answered. */
  verdict: string | undefined;
  /** The MeshdocError code (or a Slack delivery error), when it did not. */
  error: string | undefined;
  durationMs: number;
  /** True when part of the answer went up as a file because it did not fit in the message. */
  overflowed: boolean;
  reference?: string | undefined;
  /** How the answer (or the failure message) reached the person, or that it did not. */
  delivery: DeliveryOutcome | undefined;
};

export function audit(logger: Logger, entry: AuditEntry): void {
  const { delivery, ...rest } = entry;
  // Absent fields are written as null, so every line has the same keys for log queries.
  const fields = Object.fromEntries(
    Object.entries({ reference: undefined, ...rest, ...deliveryFields(delivery) }).map(([k, v]) => [
      k,
      v ?? null,
    ]),
  );
  logger.info({ audit: true, ...fields, durationMs: Math.round(entry.durationMs) }, 'meshdoc command');
}

/**
 * `delivered` (with the route) or `lost` (with why), and every attempt as `route:result`
 * (`response_url:http_429`, `update:message_not_found`, `dm:ok`), for metrics and for finding out
 * afterwards who never got an answer.
 */
function deliveryFields(delivery: DeliveryOutcome | undefined) {
  if (!delivery) return { delivery: undefined, route: undefined, attempts: undefined, lostWhy: undefined };
  return {
    delivery: delivery.delivered ? 'delivered' : 'lost',
    route: delivery.delivered ? delivery.route : undefined,
    attempts: delivery.attempts.map((a) => `${a.route}:${a.result}`),
    lostWhy: delivery.delivered ? undefined : delivery.why,
  };
}

/** Where a command came from: the fields every audit line of one invocation shares. */
export type AuditWhere = Pick<AuditEntry, 'surface' | 'user' | 'channel' | 'thread'>;

/** The line for an invocation rejected before anything ran (usage error, unknown command). */
export function auditRejected(
  logger: Logger,
  where: AuditWhere,
  rejected: { command: string | undefined; tokens: readonly string[]; error: { code: string } },
  started: number,
  delivery: DeliveryOutcome | undefined,
): void {
  audit(logger, {
    ...where,
    cluster: undefined,
    command: rejected.command,
    args: rejected.tokens,
    verdict: undefined,
    error: rejected.error.code,
    durationMs: performance.now() - started,
    overflowed: false,
    delivery,
  });
}
