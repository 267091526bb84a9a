import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { slashCommand } from '../helpers/fake-slack/payloads.ts';
import { postSigned } from '../helpers/fake-slack/sign-request.ts';
import { signingSecret } from '../helpers/fake-slack/start-test-app.ts';
import { useTestApp } from '../helpers/fake-slack/use-test-app.ts';

// /healthz and /metrics live on their own port (MESHDOC_HEALTH_ADDRESS, MESHDOC_HEALTH_PORT),
// never on Slack's request port, where they used to be served unauthenticated (issue 9).
const http = useTestApp({ mode: 'http' });
const socket = useTestApp({ mode: 'socket' });

const get = async (port: number | undefined, path: string) => {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
};

describe('health port', () => {
  it('HTTP mode: the Slack port answers 404 for /healthz and /metrics', async () => {
    const { app } = await http.start();
    expect(app.port).not.toBe(app.healthPort);
    expect((await get(app.port, '/healthz')).status).toBe(404);
    expect((await get(app.port, '/metrics')).status).toBe(404);
  });

  it('HTTP mode: the health port answers /healthz and /metrics, and counts answered commands', async () => {
    const { fake, app, url } = await http.start();
    expect(await get(app.healthPort, '/healthz')).toEqual({ status: 200, body: '{"slack":"connected"}\n' });
    const response = fake.responseUrl();
    await postSigned(url, signingSecret, slashCommand({ text: 'help', responseUrl: response.url }), {
      kind: 'command',
    });
    await fake.waitFor(() => app.audits()[0]);
    const metrics = await get(app.healthPort, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/meshdoc_commands_total\{command="help",surface="slash"/);
    expect((await get(app.healthPort, '/slack/events')).status).toBe(404);
  });

  it('Socket Mode: the health port answers /healthz and /metrics', async () => {
    const { app } = await socket.start();
    expect(app.port).toBeUndefined();
    expect(await get(app.healthPort, '/healthz')).toEqual({ status: 200, body: '{"slack":"connected"}\n' });
    const metrics = await get(app.healthPort, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('# TYPE meshdoc_commands_total counter');
  });

  it('/healthz reports the cluster as last seen: unreachable is 200 with the reason in the body', async () => {
    // A restart fixes no RBAC binding or network policy, so the code follows Slack only.
    let cluster = {
      context: 'prod',
      state: 'unreachable',
      reason: 'connect ECONNREFUSED 10.0.0.1:443',
      checkedAt: '2026-12-01T00:00:00.000Z',
    };
    const { app } = await socket.start({ clusterHealth: () => cluster });
    const unreachable = await get(app.healthPort, '/healthz');
    expect(unreachable.status).toBe(200);
    expect(JSON.parse(unreachable.body)).toEqual({ slack: 'connected', cluster });
    cluster = { context: 'prod', state: 'reachable', reason: '', checkedAt: '2026-12-01T00:01:00.000Z' };
    expect(JSON.parse((await get(app.healthPort, '/healthz')).body).cluster.state).toBe('reachable');
  });
});

describe('health port configuration', () => {
  it('defaults to 0.0.0.0:9090 (probes reach the pod IP), Slack on 3000', () => {
    const config = parseConfig({});
    expect([config.MESHDOC_HEALTH_ADDRESS, config.MESHDOC_HEALTH_PORT, config.PORT]).toEqual([
      '0.0.0.0',
      9090,
      3000,
    ]);
    expect(parseConfig({ MESHDOC_HEALTH_ADDRESS: '::', MESHDOC_HEALTH_PORT: '8081' })).toMatchObject({
      MESHDOC_HEALTH_ADDRESS: '::',
      MESHDOC_HEALTH_PORT: 8081,
    });
  });

  it('refuses an address that is not an IP, and the Slack port as health port in HTTP mode', () => {
    expect(() => parseConfig({ MESHDOC_HEALTH_ADDRESS: 'everywhere' })).toThrow(/MESHDOC_HEALTH_ADDRESS/);
    expect(() =>
      parseConfig({ MESHDOC_SLACK_MODE: 'http', PORT: '8080', MESHDOC_HEALTH_PORT: '8080' }),
    ).toThrow(/must differ from PORT \(8080\)/);
  });
});
