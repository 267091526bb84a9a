import { afterAll, describe, expect, it } from 'vitest';
import type { FakeSlack, RecordedCall } from '../helpers/fake-slack/fake-slack.ts';
import { always, type Fault, type FaultPlan, firstN } from '../helpers/fake-slack/faults.ts';
import { appMention, slashCommand } from '../helpers/fake-slack/payloads.ts';
import { postSigned } from '../helpers/fake-slack/sign-request.ts';
import { signingSecret } from '../helpers/fake-slack/start-test-app.ts';
import { useTestApp } from '../helpers/fake-slack/use-test-app.ts';

// Issue 14: no answer is ever lost. The real Bolt app, in Socket Mode and in HTTP mode, against
// the Slack stand-in misbehaving as Slack does (429 with Retry-After, 500, hangs, not_in_channel,
// message_not_found, upload failures, alone and combined), 20 concurrent commands per scenario.
// Each command must be answered exactly once by an allowed route (or, where Slack leaves no
// route, be audited as lost with why), within the deadline plus Slack's Retry-After, with one
// audit line each and /metrics accounting for all of them. The table the test prints is the one
// in the closing note.

const commands = 20;
// Long enough that a loaded CI machine (the integration project starts a control plane alongside)
// does not time out a post Slack answered; a hang still times out well inside the deadline.
const postTimeoutMs = 1000;
const deadlineMs = 6000;
const env = {
  MESHDOC_SLACK_POST_TIMEOUT_MS: String(postTimeoutMs),
  MESHDOC_SLACK_DELIVERY_DEADLINE_MS: String(deadlineMs),
};
const question = 'why-not-injected cart-7d9f-abcde -n shop';
const verdictText = 'Not injected';

type Scenario = {
  name: string;
  surface: 'slash' | 'mention';
  /** Faults, set before the commands are sent. */
  faults: Record<string, FaultPlan>;
  /** Channels the bot is not a member of. */
  notInChannel?: string[];
  /** The channel of command i (default CINCIDENT). */
  channel?: (i: number) => string;
  text?: string;
  /** Routes an answer may take; an empty list: every answer is lost. */
  routes: string[];
  /** Longest Retry-After in the scenario, added to the deadline bound. */
  retryAfterMs?: number;
  /** Extra check on the run; a string it returns goes into the printed table. */
  check?: (run: Run) => string | undefined;
};

const r429 = (s: number): Fault => ({ status: 429, retryAfterSeconds: s });

const scenarios: Scenario[] = [
  { name: 'slash: Slack healthy', surface: 'slash', faults: {}, routes: ['response_url'] },
  {
    name: 'slash: response_url 429 (Retry-After 2 s) on the first two posts',
    surface: 'slash',
    faults: { response_url: firstN(2, r429(2)) },
    routes: ['response_url'],
    retryAfterMs: 4000,
  },
  {
    name: 'slash: response_url 500 on the first post',
    surface: 'slash',
    faults: { response_url: firstN(1, { status: 500 }) },
    routes: ['response_url'],
  },
  {
    name: 'slash: response_url hangs, bot not in channel',
    surface: 'slash',
    faults: { response_url: always({ hang: true }) },
    notInChannel: ['CPRIVATE'],
    channel: () => 'CPRIVATE',
    routes: ['dm'],
  },
  {
    name: 'slash: response_url hangs, bot in channel',
    surface: 'slash',
    faults: { response_url: always({ hang: true }) },
    routes: ['ephemeral'],
  },
  {
    name: 'slash: response_url 500 always, postEphemeral 429 then ok',
    surface: 'slash',
    faults: { response_url: always({ status: 500 }), 'chat.postEphemeral': firstN(1, r429(1)) },
    routes: ['ephemeral'],
    retryAfterMs: 1000,
  },
  {
    name: 'slash: upload fails (500) for -o json, response_url 429 once',
    surface: 'slash',
    text: `${question} -o json`,
    faults: { 'files.getUploadURLExternal': always({ status: 500 }), response_url: firstN(1, r429(1)) },
    routes: ['response_url'],
    retryAfterMs: 1000,
    check: (run) => {
      for (const copy of run.copies.flat()) expect(copy.body).toMatch(/could not be uploaded \(HTTP 500/);
      for (const copy of run.copies.flat()) expect(copy.body).not.toContain(':paperclip: Attached');
      return undefined;
    },
  },
  {
    name: 'slash: no route at all (response_url 500, not in channel, DMs refused)',
    surface: 'slash',
    faults: { response_url: always({ status: 500 }), 'chat.postMessage': always({ error: 'cannot_dm_bot' }) },
    notInChannel: ['CPRIVATE'],
    channel: () => 'CPRIVATE',
    routes: [],
  },
  { name: 'mention: Slack healthy', surface: 'mention', faults: {}, routes: ['update'] },
  {
    name: 'mention: status message deleted (chat.update message_not_found)',
    surface: 'mention',
    faults: { 'chat.update': always({ error: 'message_not_found' }) },
    routes: ['thread_reply'],
  },
  {
    name: 'mention: chat.update 429 (Retry-After 2 s) in one conversation only',
    surface: 'mention',
    channel: (i) => (i === 0 ? 'CSLOW' : 'CINCIDENT'),
    faults: { 'chat.update': (n, channel) => (channel === 'CSLOW' && n === 0 ? r429(2) : undefined) },
    routes: ['update'],
    retryAfterMs: 2000,
    check: (run) => {
      // The others' replies are not held behind the one rate-limited conversation.
      const others = Math.max(...run.latencies.filter((_, i) => i !== 0));
      expect(others).toBeLessThan(1500);
      expect(run.latencies[0]).toBeGreaterThanOrEqual(2000);
      return `the 19 other conversations: max ${Math.round(others)} ms`;
    },
  },
  {
    name: 'mention: chat.update hangs, then 500 on replies once',
    surface: 'mention',
    faults: {
      'chat.update': always({ hang: true }),
      'chat.postMessage': (n) => (n === 1 ? { status: 500 } : undefined),
    },
    routes: ['thread_reply'],
  },
  {
    name: 'mention: bot removed from the channel (not_in_channel)',
    surface: 'mention',
    faults: {},
    notInChannel: ['CGONE'],
    channel: () => 'CGONE',
    routes: ['dm'],
  },
];

type Copy = { route: string; body: string; at: number };
type Run = {
  copies: Copy[][];
  latencies: number[];
  audits: Record<string, unknown>[];
};

const table: string[] = [];

afterAll(() => {
  if (table.length === 0) return;
  console.log(
    [
      '',
      '| mode | scenario | sent | delivered | routes | duplicates | lost (audited) | max latency |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...table,
    ].join('\n'),
  );
});

for (const mode of ['socket', 'http'] as const) {
  describe(`delivery under Slack faults (${mode === 'socket' ? 'Socket Mode' : 'HTTP mode'})`, () => {
    const slack = useTestApp({ mode });
    for (const scenario of scenarios) {
      it(scenario.name, async () => {
        const { fake, app, url } = await slack.start({ env });
        for (const [target, plan] of Object.entries(scenario.faults)) fake.fault(target, plan);
        for (const channel of scenario.notInChannel ?? []) fake.state.notInChannel.add(channel);
        const sent = await sendAll(fake, mode, url, scenario);
        await fake.waitFor(() => app.audits().length >= commands || undefined, deadlineMs + 15_000);
        // Anything late would show up now.
        await new Promise((r) => setTimeout(r, 300));
        const run = collect(fake, scenario, sent, app.audits());

        expect(run.audits).toHaveLength(commands);
        const delivered = run.copies.filter((c) => c.length > 0).length;
        const duplicates = run.copies.reduce((n, c) => n + Math.max(0, c.length - 1), 0);
        const lost = run.audits.filter((a) => a.delivery === 'lost');
        const routes = countBy(run.audits.map((a) => String(a.route ?? a.delivery)));
        const maxLatency = Math.max(0, ...run.latencies.filter((l) => Number.isFinite(l)));
        const note = scenario.check?.(run);
        table.push(
          `| ${mode} | ${scenario.name} | ${commands} | ${delivered} | ${Object.entries(routes)
            .map(([k, v]) => `${k} ${v}`)
            .join(
              ', ',
            )} | ${duplicates} | ${lost.length} | ${Math.round(maxLatency)} ms${note ? ` (${note})` : ''} |`,
        );

        expect(duplicates).toBe(0);
        if (scenario.routes.length === 0) {
          expect(delivered).toBe(0);
          for (const a of lost) expect(a.lostWhy).toEqual(expect.any(String));
          expect(lost).toHaveLength(commands);
        } else {
          expect(delivered).toBe(commands);
          for (const copies of run.copies) expect(scenario.routes).toContain(copies[0]?.route);
          for (const a of run.audits) {
            expect(a.delivery).toBe('delivered');
            expect(scenario.routes).toContain(a.route);
          }
        }
        // Never later than the deadline plus Slack's own Retry-After (and a post's timeout).
        expect(maxLatency).toBeLessThan(deadlineMs + (scenario.retryAfterMs ?? 0) + postTimeoutMs + 2000);

        // /metrics accounts for every command, delivered or not.
        const metrics = await (await fetch(`http://127.0.0.1:${app.healthPort}/metrics`)).text();
        const total = [...metrics.matchAll(/^meshdoc_slack_deliveries_total\{[^}]*\} (\d+)$/gm)].reduce(
          (n, m) => n + Number(m[1]),
          0,
        );
        expect(total).toBe(commands);
        if (lost.length > 0) expect(metrics).toMatch(/^meshdoc_slack_answers_lost_total\{[^}]*\} \d+$/m);
        // Retries and fallbacks are counted whenever the attempts show them.
        const attempts = run.audits.flatMap((a) => (Array.isArray(a.attempts) ? a.attempts.map(String) : []));
        const routesTried = new Set(attempts.map((a) => a.split(':')[0]));
        if (attempts.length > run.audits.length && routesTried.size === 1)
          expect(metrics).toMatch(/^meshdoc_slack_delivery_retries_total\{[^}]*\} \d+$/m);
        if (routesTried.size > 1)
          expect(metrics).toMatch(/^meshdoc_slack_delivery_fallbacks_total\{[^}]*\} \d+$/m);
      }, 60_000);
    }
  });
}

type Sent = { user: string; channel: string; responseUrlId?: string; thread?: string; at: number };

async function sendAll(fake: FakeSlack, mode: 'socket' | 'http', url: string, s: Scenario): Promise<Sent[]> {
  const text = s.text ?? question;
  return Promise.all(
    Array.from({ length: commands }, async (_, i) => {
      const user = `U${String(i).padStart(3, '0')}`;
      const channel = s.channel?.(i) ?? 'CINCIDENT';
      const at = performance.now();
      if (s.surface === 'slash') {
        const response = fake.responseUrl();
        const body = slashCommand({ text, responseUrl: response.url, channel, user });
        if (mode === 'socket') await fake.socket.send('slash_commands', body);
        else expect((await postSigned(url, signingSecret, body, { kind: 'command' })).status).toBe(200);
        return { user, channel, responseUrlId: response.id, at };
      }
      const thread = `1700000100.${String(i).padStart(6, '0')}`;
      fake.seedMessage(channel, thread);
      const body = appMention({
        text: `<@UMESHDOC> ${text}`,
        ts: thread,
        channel,
        user,
        eventId: `Ev${mode}${i}`,
      });
      if (mode === 'socket') await fake.socket.send('events_api', body);
      else expect((await postSigned(url, signingSecret, body, { kind: 'event' })).status).toBe(200);
      return { user, channel, thread, at };
    }),
  );
}

/** Every copy of each command's answer the person could see, by route, and how long it took. */
function collect(fake: FakeSlack, s: Scenario, sent: Sent[], audits: Record<string, unknown>[]): Run {
  const ok = (c: RecordedCall) => c.result.ok === true;
  const hasVerdict = (body: unknown) => JSON.stringify(body).includes(verdictText);
  const copies = sent.map((cmd): Copy[] => {
    const found: Copy[] = [];
    if (s.surface === 'slash') {
      for (const p of fake.responses.postsTo(cmd.responseUrlId ?? ''))
        if (hasVerdict(p.body)) found.push({ route: 'response_url', body: JSON.stringify(p.body), at: p.at });
      for (const c of fake.callsTo('chat.postEphemeral'))
        if (ok(c) && c.args.user === cmd.user && hasVerdict(c.args))
          found.push({ route: 'ephemeral', body: JSON.stringify(c.args), at: c.at });
    } else {
      const statusTs = new Set(
        fake
          .callsTo('chat.postMessage')
          .filter((c) => ok(c) && c.args.thread_ts === cmd.thread && c.args.channel === cmd.channel)
          .map((c) => String(c.result.ts)),
      );
      for (const c of fake.callsTo('chat.update'))
        if (ok(c) && statusTs.has(String(c.args.ts)) && hasVerdict(c.args))
          found.push({ route: 'update', body: JSON.stringify(c.args), at: c.at });
      for (const c of fake.callsTo('chat.postMessage'))
        if (ok(c) && c.args.thread_ts === cmd.thread && c.args.channel === cmd.channel && hasVerdict(c.args))
          found.push({ route: 'thread_reply', body: JSON.stringify(c.args), at: c.at });
    }
    for (const c of fake.callsTo('chat.postMessage'))
      if (ok(c) && c.args.channel === cmd.user && hasVerdict(c.args))
        found.push({ route: 'dm', body: JSON.stringify(c.args), at: c.at });
    return found.sort((a, b) => a.at - b.at);
  });
  const latencies = sent.map((cmd, i) => {
    const first = copies[i]?.[0];
    if (first) return first.at - cmd.at;
    const audit = audits.find((a) => a.user === cmd.user);
    return typeof audit?.durationMs === 'number' ? audit.durationMs : Number.NaN;
  });
  return { copies, latencies, audits };
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
