import { describe, expect, it } from 'vitest';
import { decideTls } from '../../../src/diagnostics/tls/decide-tls.ts';
import { buildTlsReport } from '../../../src/diagnostics/tls/tls-report.ts';
import { renderSlackReport } from '../../../src/renderers/slack/render-slack-report.ts';
import { destinationRule, peerAuthentication, pod, service, tlsBundle } from '../../helpers/tls-scene.ts';

// A service with many ports, subsets and client namespaces makes a long table: in Slack it goes up
// as a file in the same thread, as every long table does, and the message says so; nothing is cut.
describe('tls-check in Slack', () => {
  it('a long table is attached as a file, whole', () => {
    const ports = Array.from({ length: 12 }, (_, i) => ({ port: 8000 + i, name: `http-${i}` }));
    const shop = service('shop', 'retail', ports, { selector: { app: 'shop' } });
    const pods = ['v1', 'v2', 'v3', 'v4'].map((v) =>
      pod(`shop-${v}-1`, 'retail', { app: 'shop', version: v }),
    );
    const subsets = ['v1', 'v2', 'v3', 'v4'].map((v) => ({ name: v, labels: { version: v } }));
    const rules = [
      destinationRule('shop', 'retail', { host: 'shop', subsets }),
      ...['front', 'batch', 'ops'].map((ns) =>
        destinationRule(`shop-${ns}`, ns, {
          host: 'shop.retail.svc.cluster.local',
          trafficPolicy: { tls: { mode: 'DISABLE' } },
        }),
      ),
    ];
    const decision = decideTls(
      tlsBundle({
        services: [shop],
        pods,
        policies: [peerAuthentication('default', 'retail', 'STRICT')],
        rules,
      }),
      { services: [shop] },
      'kubectl',
    );
    const rows = decision.input?.rows.length ?? 0;
    expect(rows).toBeGreaterThan(60);
    const report = buildTlsReport(decision, {
      target: 'service/shop -n retail',
      cluster: 'prod',
      durationMs: 1,
    });
    const slack = renderSlackReport(report, { output: 'text' });
    expect(slack.overflowed).toBe(true);
    const file = slack.files.find((f) => f.content?.includes('HOST:PORT'));
    expect(file, 'the table as a file').toBeDefined();
    // Every row is in the file.
    expect(
      file?.content?.split('\n').filter((l) => l.startsWith('shop.retail.svc.cluster.local:')).length,
    ).toBe(rows);
    expect(JSON.stringify(slack.message).length).toBeLessThan(40_000);
  });
});
