import type { Logger } from 'pino';
import type { SlackMessage } from '../renderers/slack/blocks.ts';
import { type AuditEntry, type AuditWhere, audit, auditRejected } from './audit-log.ts';
import { reportFailure } from './report-failure.ts';

/** How an invocation ended, for its audit line: rejected before running, or answered (or failed) by the command. */
export type AuditResult =
  | { rejected: { command: string | undefined; tokens: readonly string[]; error: { code: string } } }
  | Omit<AuditEntry, keyof AuditWhere | 'durationMs'>;

export type RunAuditedOptions = {
  where: AuditWhere;
  logger: Logger;
  /** performance.now() when the request arrived; audit lines carry the duration from there. */
  started: number;
  /** Handles the request and delivers the answer; returns what the audit line records. */
  work: () => Promise<AuditResult>;
  /** Tells the user about an unplanned failure (a bug, Slack refusing a call). */
  deliverFailure: (message: SlackMessage) => Promise<unknown>;
  /** Who is left waiting when that fails too, for the log line: "the thread", "the user". */
  audience: string;
};

/**
 * The frame every Slack listener runs in: one audit line per invocation after delivery, and for
 * anything thrown, a logged reference plus a generic answer, so nobody is left at "checking …".
 */
export async function runAudited(options: RunAuditedOptions): Promise<void> {
  const { where, logger, started } = options;
  try {
    const result = await options.work();
    if ('rejected' in result) auditRejected(logger, where, result.rejected, started);
    else audit(logger, { ...where, ...result, durationMs: performance.now() - started });
  } catch (error) {
    const failure = reportFailure(logger, error, where);
    try {
      await options.deliverFailure(failure.message);
    } catch (deliveryError) {
      logger.error(
        { err: deliveryError, reference: failure.reference },
        `could not tell ${options.audience} about a failure`,
      );
    }
  }
}
