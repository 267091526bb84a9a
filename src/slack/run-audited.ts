import type { Logger } from 'pino';
import type { SlackMessage } from '../renderers/slack/blocks.ts';
import { type AuditEntry, type AuditWhere, audit, auditRejected } from './audit-log.ts';
import type { DeliveryOutcome } from './delivery/attempt.ts';
import { reportFailure } from './report-failure.ts';

/** How an invocation ended, for its audit line: rejected before running, or answered (or failed) by the command. */
export type AuditResult =
  | {
      rejected: { command: string | undefined; tokens: readonly string[]; error: { code: string } };
      delivery: DeliveryOutcome | undefined;
    }
  | Omit<AuditEntry, keyof AuditWhere | 'durationMs'>;

/** What an invocation's audit line can say before it has finished. */
export type Known = Partial<Pick<AuditEntry, 'command' | 'args' | 'cluster'>>;

export type RunAuditedOptions = {
  where: AuditWhere;
  logger: Logger;
  /** performance.now() when the request arrived; audit lines carry the duration from there. */
  started: number;
  /**
   * Handles the request and delivers the answer; returns what the audit line records. `known`
   * takes what is learnt on the way (the command, the cluster), so a failure's line has it too.
   */
  work: (known: (facts: Known) => void) => Promise<AuditResult>;
  /** Tells the user about an unplanned failure (a bug, Slack refusing a call), through the delivery policy. */
  deliverFailure: (message: SlackMessage) => Promise<DeliveryOutcome>;
  /** Who is left waiting when that fails too, for the log line: "the thread", "the user". */
  audience: string;
};

/**
 * The frame every Slack listener runs in: exactly one audit line per invocation, written once the
 * answer is delivered or lost, whatever happened; for anything thrown, a logged reference plus a
 * generic answer, so nobody is left at "checking …".
 */
export async function runAudited(options: RunAuditedOptions): Promise<void> {
  const { where, logger, started } = options;
  let result: AuditResult;
  const known: Known = {};
  try {
    result = await options.work((facts) => Object.assign(known, facts));
  } catch (error) {
    const failure = reportFailure(logger, error, where);
    let delivery: DeliveryOutcome;
    try {
      delivery = await options.deliverFailure(failure.message);
    } catch (deliveryError) {
      delivery = { delivered: false, attempts: [], why: 'delivering the failure message threw' };
      logger.error(
        { err: deliveryError, reference: failure.reference },
        'delivering a failure message threw',
      );
    }
    if (!delivery.delivered)
      logger.error(
        { reference: failure.reference, attempts: delivery.attempts, why: delivery.why },
        `could not tell ${options.audience} about a failure`,
      );
    result = {
      cluster: known.cluster,
      command: known.command,
      args: known.args ?? [],
      verdict: undefined,
      error: 'internal',
      overflowed: false,
      reference: failure.reference,
      delivery,
    };
  }
  if ('rejected' in result) auditRejected(logger, where, result.rejected, started, result.delivery);
  else audit(logger, { ...where, ...result, durationMs: performance.now() - started });
}
