import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/renderers/slack/blocks.ts';
import type { DeliveryOutcome } from '../../src/slack/delivery/attempt.ts';
import { runAudited } from '../../src/slack/run-audited.ts';

const viaUrl: DeliveryOutcome = {
  delivered: true,
  route: 'response_url',
  attempts: [
    { route: 'response_url', result: 'http_429' },
    { route: 'response_url', result: 'ok' },
  ],
};

function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const where = { surface: 'slash' as const, user: 'U1', channel: 'C1', thread: undefined };
const answered = {
  cluster: 'prod',
  command: 'help',
  args: [],
  verdict: 'answered',
  error: undefined,
  overflowed: false,
  delivery: viaUrl,
};

describe('runAudited: the audit and failure frame of every Slack listener', () => {
  it('writes one audit line after the work, with where it came from and how long it took', async () => {
    const { logger, lines } = memoryLogger();
    await runAudited({
      where,
      logger,
      started: performance.now(),
      audience: 'the user',
      work: async () => answered,
      deliverFailure: async () => viaUrl,
    });
    expect(lines).toEqual([
      expect.objectContaining({
        audit: true,
        ...where,
        thread: null,
        cluster: 'prod',
        reference: null,
        delivery: 'delivered',
        route: 'response_url',
        attempts: ['response_url:http_429', 'response_url:ok'],
        lostWhy: null,
      }),
    ]);
    expect(lines[0]?.durationMs).toEqual(expect.any(Number));
  });

  it('audits a rejection with its error code and the tokens as args', async () => {
    const { logger, lines } = memoryLogger();
    await runAudited({
      where,
      logger,
      started: performance.now(),
      audience: 'the user',
      work: async () => ({
        rejected: { command: undefined, tokens: ['frob'], error: { code: 'usage' } },
        delivery: { delivered: true, route: 'ack', attempts: [{ route: 'ack', result: 'ok' }] },
      }),
      deliverFailure: async () => viaUrl,
    });
    expect(lines).toEqual([expect.objectContaining({ audit: true, args: ['frob'], error: 'usage' })]);
  });

  it('a thrown error is logged with a reference, the user gets the generic message naming it, and it is audited once', async () => {
    const { logger, lines } = memoryLogger();
    const delivered: SlackMessage[] = [];
    await runAudited({
      where,
      logger,
      started: performance.now(),
      audience: 'the user',
      work: async (known) => {
        known({ command: 'why-not-injected', args: ['cart'], cluster: 'prod' });
        throw new Error('secret internals');
      },
      deliverFailure: async (message) => {
        delivered.push(message);
        return viaUrl;
      },
    });
    const logged = lines.find((l) => l.msg === 'slack handler failed');
    expect(logged).toMatchObject({
      surface: 'slash',
      user: 'U1',
      channel: 'C1',
      reference: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    expect(delivered).toHaveLength(1);
    expect(JSON.stringify(delivered[0])).toContain(String(logged?.reference));
    expect(JSON.stringify(delivered[0])).not.toContain('secret internals');
    expect(lines.filter((l) => l.audit === true)).toEqual([
      expect.objectContaining({
        command: 'why-not-injected',
        args: ['cart'],
        error: 'internal',
        reference: logged?.reference,
        delivery: 'delivered',
      }),
    ]);
  });

  it('when the failure cannot be delivered either, that is logged under the same reference', async () => {
    const { logger, lines } = memoryLogger();
    await runAudited({
      where,
      logger,
      started: performance.now(),
      audience: 'the thread',
      work: async () => {
        throw new Error('boom');
      },
      deliverFailure: async () => {
        throw new Error('channel_not_found');
      },
    });
    const failed = lines.find((l) => l.msg === 'slack handler failed');
    expect(lines.find((l) => l.msg === 'could not tell the thread about a failure')).toMatchObject({
      reference: failed?.reference,
    });
    expect(lines.filter((l) => l.audit === true)).toEqual([
      expect.objectContaining({ error: 'internal', delivery: 'lost', reference: failed?.reference }),
    ]);
  });
});
