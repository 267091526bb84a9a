import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/renderers/slack/blocks.ts';
import { runAudited } from '../../src/slack/run-audited.ts';

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
      deliverFailure: async () => undefined,
    });
    expect(lines).toEqual([
      expect.objectContaining({ audit: true, ...where, thread: null, cluster: 'prod', reference: null }),
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
      work: async () => ({ rejected: { command: undefined, tokens: ['frob'], error: { code: 'usage' } } }),
      deliverFailure: async () => undefined,
    });
    expect(lines).toEqual([expect.objectContaining({ audit: true, args: ['frob'], error: 'usage' })]);
  });

  it('a thrown error is logged with a reference and the user gets the generic message naming it', async () => {
    const { logger, lines } = memoryLogger();
    const delivered: SlackMessage[] = [];
    await runAudited({
      where,
      logger,
      started: performance.now(),
      audience: 'the user',
      work: async () => {
        throw new Error('secret internals');
      },
      deliverFailure: async (message) => void delivered.push(message),
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
    expect(lines.some((l) => l.audit === true)).toBe(false);
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
    const [failed, undelivered] = lines;
    expect(undelivered).toMatchObject({
      msg: 'could not tell the thread about a failure',
      reference: failed?.reference,
    });
  });
});
