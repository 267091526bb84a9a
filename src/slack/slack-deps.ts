import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Command } from '../core/command.ts';
import type { SlackMessage } from '../renderers/slack/blocks.ts';
import type { ContextFor } from './channel-contexts.ts';
import type { DeliveryPolicy } from './delivery/delivery-policy.ts';
import type { ResponseUrlBudget } from './delivery/response-url-budget.ts';
import type { QuietGate } from './quiet-gate.ts';
import type { TtlCache } from './ttl-cache.ts';

/** An answer kept for its "Share in channel" button. */
export type SharedAnswer = {
  message: SlackMessage;
  cluster: string;
  command: string;
  args: readonly string[];
};

/** What every listener needs; built once by createSlackApp. */
export type SlackDeps = {
  registry: readonly Command[];
  contextFor: ContextFor;
  logger: Logger;
  shares: TtlCache<SharedAnswer>;
  seenEvents: TtlCache<true>;
  gate: QuietGate;
  /** How answers reach people: a Web API client of its own (no shared 429 pause), the policy, response_url budgets. */
  delivery: { client: webApi.WebClient; policy: DeliveryPolicy; budget: ResponseUrlBudget };
};
