import { describe, expect, it } from 'vitest';
import { decideTls } from '../../../src/diagnostics/tls/decide-tls.ts';
import type { TlsRow } from '../../../src/diagnostics/tls/tls-rows.ts';
import {
  destinationRule,
  peerAuthentication,
  pod,
  type Scenario,
  service,
  tlsBundle,
} from '../../helpers/tls-scene.ts';

// istio-semantics.md §3.4 row by row, and the composition rules of §3.1 and §3.3: what meshdoc's
// table says (STATUS per row) and which cause decides. The integration suite checks the same cases
// against the configuration istiod generates.

function decide(s: Scenario, extra: { port?: number; onlyPod?: string } = {}) {
  const decision = decideTls(
    tlsBundle(s),
    { services: s.services, clientPod: s.client, port: extra.port, onlyPod: extra.onlyPod },
    'kubectl',
  );
  const problems = decision.findings.filter((f) => f.severity !== 'pass');
  return {
    decision,
    rows: decision.input?.rows ?? [],
    problems,
    causes: problems.map((f) => `${f.cause}:${f.severity}`),
  };
}

const statuses = (rows: readonly TlsRow[]) =>
  rows.map((r) => `${r.port}${r.subset ? `/${r.subset}` : ''} ${r.clients.join('+')} ${r.status}`);

const reviews = service('reviews', 'bookinfo');
const reviewsPod = (options: { sidecar?: boolean } = {}) =>
  pod('reviews-v1-abc', 'bookinfo', { app: 'reviews', version: 'v1' }, options);
const strictNs = peerAuthentication('default', 'bookinfo', 'STRICT');
const permissiveNs = peerAuthentication('default', 'bookinfo', 'PERMISSIVE');
const disableNs = peerAuthentication('default', 'bookinfo', 'DISABLE');
const tlsRule = (mode: string | undefined, extra: Record<string, unknown> = {}) =>
  destinationRule('reviews', 'bookinfo', {
    host: 'reviews',
    trafficPolicy: { tls: mode === undefined ? {} : { mode } },
    ...extra,
  });

describe('§3.4 conflict matrix', () => {
  it('STRICT, no DestinationRule tls, auto-mTLS, sidecar on the server: AUTO', () => {
    const r = decide({ services: [reviews], pods: [reviewsPod()], policies: [strictNs] });
    expect(statuses(r.rows)).toEqual(['9080 bookinfo+any other namespace AUTO']);
    expect(r.decision.verdict).toBe('ok');
    expect(r.rows[0]?.endpoints[0]?.sends).toBe('mTLS');
  });

  it('namespace DISABLE, workload STRICT, auto-mTLS: the client follows the namespace and is reset', () => {
    const r = decide({
      services: [reviews],
      pods: [reviewsPod()],
      policies: [
        disableNs,
        peerAuthentication('reviews-strict', 'bookinfo', 'STRICT', { selector: { app: 'reviews' } }),
      ],
    });
    expect(statuses(r.rows)).toEqual(['9080 bookinfo+any other namespace CONFLICT']);
    expect(r.causes).toEqual(['workload-strict-under-disabled-namespace:error']);
    expect(r.decision.verdict).toBe('conflict');
    expect(r.problems[0]?.subject).toEqual({
      kind: 'PeerAuthentication',
      namespace: 'bookinfo',
      name: 'reviews-strict',
    });
    expect(r.problems[0]?.fix?.command).toContain('"mode":"ISTIO_MUTUAL"');
  });

  it('STRICT, DestinationRule DISABLE: plaintext is reset', () => {
    const r = decide({
      services: [reviews],
      pods: [reviewsPod()],
      policies: [strictNs],
      rules: [tlsRule('DISABLE')],
    });
    expect(statuses(r.rows)).toEqual(['9080 bookinfo+any other namespace CONFLICT']);
    expect(r.causes).toEqual(['strict-server-plaintext-client:error']);
    expect(r.problems[0]?.fix?.command).toBe(
      `kubectl patch destinationrule reviews -n bookinfo --type=json -p '[{"op":"remove","path":"/spec/trafficPolicy/tls"}]'`,
    );
    expect(r.problems[0]?.message).toContain('upstream connect error or disconnect/reset before headers');
  });

  it('a tls without a mode is DISABLE (the proto zero value)', () => {
    const r = decide({
      services: [reviews],
      pods: [reviewsPod()],
      policies: [strictNs],
      rules: [tlsRule(undefined)],
    });
    expect(r.rows[0]?.client).toBe('DISABLE');
    expect(r.causes).toEqual(['strict-server-plaintext-client:error']);
  });

  it('STRICT, DestinationRule SIMPLE: the handshake fails', () => {
    const r = decide({
      services: [reviews],
      pods: [reviewsPod()],
      policies: [strictNs],
      rules: [
        destinationRule('reviews', 'bookinfo', {
          host: 'reviews',
          trafficPolicy: { tls: { mode: 'SIMPLE', caCertificates: '/etc/ca.pem' } },
        }),
      ],
    });
    expect(r.causes).toEqual(['strict-server-simple-tls-client:error']);
  });

  it.each(['STRICT', 'PERMISSIVE'])('%s, DestinationRule ISTIO_MUTUAL: OK', (mode) => {
    const r = decide({
      services: [reviews],
      pods: [reviewsPod()],
      policies: [peerAuthentication('default', 'bookinfo', mode)],
      rules: [tlsRule('ISTIO_MUTUAL')],
    });
    expect(statuses(r.rows)).toEqual(['9080 bookinfo+any other namespace OK']);
    expect(r.problems).toEqual([]);
  });

  it('PERMISSIVE, DestinationRule DISABLE: OK (plaintext accepted)', () => {
    const r = decide({
      services: [reviews],
      pods: [reviewsPod()],
      policies: [permissiveNs],
      rules: [tlsRule('DISABLE')],
    });
    expect(statuses(r.rows)).toEqual(['9080 bookinfo+any other namespace OK']);
  });

  it('PERMISSIVE, no tls: AUTO', () => {
    const r = decide({ services: [reviews], pods: [reviewsPod()], policies: [permissiveNs] });
    expect(statuses(r.rows)).toEqual(['9080 bookinfo+any other namespace AUTO']);
  });

  it('namespace DISABLE, explicit ISTIO_MUTUAL: mTLS meets plaintext-only chains', () => {
    const r = decide({
      services: [reviews],
      pods: [reviewsPod()],
      policies: [disableNs],
      rules: [tlsRule('ISTIO_MUTUAL')],
    });
    expect(r.causes).toEqual(['mtls-client-disabled-server:error']);
    expect(r.problems[0]?.fix?.command).toContain('"op":"remove"');
  });

  it('namespace DISABLE, no tls, auto-mTLS: AUTO (plaintext follows the namespace)', () => {
    const r = decide({ services: [reviews], pods: [reviewsPod()], policies: [disableNs] });
    expect(statuses(r.rows)).toEqual(['9080 bookinfo+any other namespace AUTO']);
    expect(r.rows[0]?.endpoints[0]?.sends).toBe('plaintext');
  });

  describe('workload DISABLE under an mTLS namespace', () => {
    const workloadDisable = peerAuthentication('reviews-off', 'bookinfo', 'DISABLE', {
      selector: { app: 'reviews' },
    });
    it('ordinary service, auto-mTLS: AUTO, plaintext to that pod (info)', () => {
      const r = decide({ services: [reviews], pods: [reviewsPod()], policies: [strictNs, workloadDisable] });
      expect(statuses(r.rows)).toEqual(['9080 bookinfo+any other namespace AUTO']);
      expect(r.causes).toEqual(['workload-disable-under-mtls-namespace:info']);
      expect(r.decision.verdict).toBe('ok');
    });
    it('headless service: clients still send mTLS (error)', () => {
      const headless = service('reviews', 'bookinfo', [{ port: 9080 }], { headless: true });
      const r = decide({ services: [headless], pods: [reviewsPod()], policies: [strictNs, workloadDisable] });
      expect(statuses(r.rows)).toEqual(['9080 bookinfo+any other namespace CONFLICT']);
      expect(r.causes).toEqual(['workload-disable-under-mtls-namespace:error']);
      expect(r.problems[0]?.fix?.command).toBe(
        `kubectl patch peerauthentication reviews-off -n bookinfo --type=merge -p '{"spec":{"mtls":{"mode":"PERMISSIVE"}}}'`,
      );
    });
    it('explicit ISTIO_MUTUAL: mTLS to the DISABLE pod', () => {
      const r = decide({
        services: [reviews],
        pods: [reviewsPod()],
        policies: [strictNs, workloadDisable],
        rules: [tlsRule('ISTIO_MUTUAL')],
      });
      expect(r.causes).toEqual(['mtls-client-disabled-server:error']);
    });
  });

  it('no sidecar on the server, explicit ISTIO_MUTUAL: the app gets a TLS handshake', () => {
    const r = decide({
      services: [reviews],
      pods: [reviewsPod({ sidecar: false })],
      policies: [strictNs],
      rules: [tlsRule('ISTIO_MUTUAL')],
    });
    expect(r.causes).toEqual(['mtls-to-pod-without-sidecar:error']);
    expect(r.rows[0]?.server).toBe('no sidecar');
  });

  it('no sidecar on the server, auto-mTLS: AUTO, plaintext', () => {
    const r = decide({ services: [reviews], pods: [reviewsPod({ sidecar: false })], policies: [strictNs] });
    expect(statuses(r.rows)).toEqual(['9080 bookinfo+any other namespace AUTO']);
    expect(r.rows[0]?.endpoints[0]?.sends).toBe('plaintext');
  });

  it('STRICT server, client pod without a sidecar (--to): reset', () => {
    const client = pod('curl-1', 'tools', { app: 'curl' }, { sidecar: false });
    const r = decide({ services: [reviews], pods: [reviewsPod()], policies: [strictNs], client });
    expect(statuses(r.rows)).toEqual(['9080 pod tools/curl-1 CONFLICT']);
    expect(r.causes).toEqual(['strict-server-client-without-sidecar:error']);
    expect(r.rows[0]?.client).toBe('plaintext (no sidecar)');
  });

  it('PERMISSIVE server, client pod without a sidecar: OK', () => {
    const client = pod('curl-1', 'tools', { app: 'curl' }, { sidecar: false });
    const r = decide({ services: [reviews], pods: [reviewsPod()], policies: [permissiveNs], client });
    expect(statuses(r.rows)).toEqual(['9080 pod tools/curl-1 OK']);
  });
});

describe('§3.1 server-side composition', () => {
  const mode = (s: Scenario) => decide(s).rows[0]?.endpoints[0]?.server?.mode;
  const root = (m: string | undefined, extra = {}) => peerAuthentication('mesh', 'istio-system', m, extra);

  it('starts PERMISSIVE; the mesh policy applies; UNSET inherits at each level', () => {
    expect(mode({ services: [reviews], pods: [reviewsPod()] })).toBe('PERMISSIVE');
    expect(mode({ services: [reviews], pods: [reviewsPod()], policies: [root('STRICT')] })).toBe('STRICT');
    expect(
      mode({
        services: [reviews],
        pods: [reviewsPod()],
        policies: [root('STRICT'), peerAuthentication('ns', 'bookinfo', 'UNSET')],
      }),
    ).toBe('STRICT');
    expect(mode({ services: [reviews], pods: [reviewsPod()], policies: [root('UNSET')] })).toBe('PERMISSIVE');
  });

  it('namespace overrides mesh, workload overrides namespace, port overrides workload', () => {
    const wl = (m: string, ports?: Record<string, string>) =>
      peerAuthentication('wl', 'bookinfo', m, { selector: { app: 'reviews' }, ...(ports ? { ports } : {}) });
    expect(
      mode({ services: [reviews], pods: [reviewsPod()], policies: [root('STRICT'), permissiveNs] }),
    ).toBe('PERMISSIVE');
    expect(
      mode({
        services: [reviews],
        pods: [reviewsPod()],
        policies: [root('STRICT'), permissiveNs, wl('DISABLE')],
      }),
    ).toBe('DISABLE');
    expect(
      mode({
        services: [reviews],
        pods: [reviewsPod()],
        policies: [permissiveNs, wl('STRICT', { '9080': 'DISABLE' })],
      }),
    ).toBe('DISABLE');
    // A port-level UNSET inherits the workload level.
    expect(
      mode({
        services: [reviews],
        pods: [reviewsPod()],
        policies: [permissiveNs, wl('STRICT', { '9080': 'UNSET' })],
      }),
    ).toBe('STRICT');
    // A workload policy selecting other pods does not apply.
    expect(
      mode({
        services: [reviews],
        pods: [reviewsPod()],
        policies: [
          permissiveNs,
          peerAuthentication('x', 'bookinfo', 'STRICT', { selector: { app: 'ratings' } }),
        ],
      }),
    ).toBe('PERMISSIVE');
  });

  it('port-level keys are target ports: a Service port 80 → 8080, and a named targetPort through the containers', () => {
    const web = service('web', 'shop', [{ port: 80, targetPort: 8080, name: 'http' }], {
      selector: { app: 'web' },
    });
    const webPod = pod('web-1', 'shop', { app: 'web' });
    const wl = (ports: Record<string, string>) =>
      peerAuthentication('wl', 'shop', 'STRICT', { selector: { app: 'web' }, ports });
    expect(mode({ services: [web], pods: [webPod], policies: [wl({ '8080': 'DISABLE' })] })).toBe('DISABLE');
    expect(mode({ services: [web], pods: [webPod], policies: [wl({ '80': 'DISABLE' })] })).toBe('STRICT');
    const named = service('web', 'shop', [{ port: 80, targetPort: 'http-alt', name: 'http' }], {
      selector: { app: 'web' },
    });
    const namedPod = pod(
      'web-1',
      'shop',
      { app: 'web' },
      { ports: [{ name: 'http-alt', containerPort: 8081 }] },
    );
    const r = decide({ services: [named], pods: [namedPod], policies: [wl({ '8081': 'DISABLE' })] });
    expect(r.rows[0]?.endpoints[0]?.targetPort).toBe(8081);
    expect(r.rows[0]?.endpoints[0]?.server?.mode).toBe('DISABLE');
  });

  it('several policies at one scope: the oldest wins, the others are named as ignored', () => {
    const first = peerAuthentication('old', 'bookinfo', 'STRICT');
    const second = peerAuthentication('new', 'bookinfo', 'DISABLE');
    const r = decide({ services: [reviews], pods: [reviewsPod()], policies: [second, first].reverse() });
    expect(r.rows[0]?.endpoints[0]?.server?.mode).toBe('STRICT');
    expect(r.causes).toEqual(['competing-peer-authentications:warning']);
    expect(r.problems[0]?.message).toContain('uses the oldest, bookinfo/old, and ignores bookinfo/new');
    expect(r.problems[0]?.fix?.command).toBe('kubectl delete peerauthentication new -n bookinfo');
  });

  it('invalid policies take no part and are reported: port-level without a selector, a selector in the root namespace, a bad mode', () => {
    const r = decide({
      services: [reviews],
      pods: [reviewsPod()],
      policies: [
        peerAuthentication('ports', 'bookinfo', 'STRICT', { ports: { '9080': 'DISABLE' } }),
        peerAuthentication('rooted', 'istio-system', 'DISABLE', { selector: { app: 'reviews' } }),
        peerAuthentication('typo', 'bookinfo', 'STRIKT', { selector: { app: 'reviews' } }),
      ],
    });
    expect(r.rows[0]?.endpoints[0]?.server?.mode).toBe('PERMISSIVE');
    expect(r.causes).toEqual([
      'invalid-peer-authentication:warning',
      'invalid-peer-authentication:warning',
      'invalid-peer-authentication:warning',
    ]);
    const messages = r.problems.map((f) => f.message).join('\n');
    expect(messages).toContain('portLevelMtls without a selector');
    expect(messages).toContain('a selector in the root namespace (istio-system)');
    expect(messages).toContain('mode "STRIKT"');
  });
});

describe('§3.3 client-side composition', () => {
  it('a port-level entry without tls drops the top-level tls: auto-mTLS takes over (warning)', () => {
    const rule = destinationRule('reviews', 'bookinfo', {
      host: 'reviews.bookinfo.svc.cluster.local',
      trafficPolicy: {
        tls: { mode: 'ISTIO_MUTUAL' },
        portLevelSettings: [{ port: { number: 9080 }, connectionPool: {} }],
      },
    });
    const r = decide({ services: [reviews], pods: [reviewsPod()], policies: [strictNs], rules: [rule] });
    expect(statuses(r.rows)).toEqual(['9080 bookinfo+any other namespace AUTO']);
    expect(r.causes).toEqual(['port-level-drops-tls:warning']);
    expect(r.problems[0]?.fix?.command).toBe(
      `kubectl patch destinationrule reviews -n bookinfo --type=json -p '[{"op":"add","path":"/spec/trafficPolicy/portLevelSettings/0/tls","value":{"mode":"ISTIO_MUTUAL"}}]'`,
    );
  });

  it('… and with auto-mTLS off, plaintext to a STRICT port (error)', () => {
    const rule = destinationRule('reviews', 'bookinfo', {
      host: 'reviews',
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, portLevelSettings: [{ port: { number: 9080 } }] },
    });
    const r = decide({
      services: [reviews],
      pods: [reviewsPod()],
      policies: [strictNs],
      rules: [rule],
      mesh: { enableAutoMtls: false },
    });
    expect(statuses(r.rows)).toEqual(['9080 bookinfo+any other namespace CONFLICT']);
    expect(r.causes).toEqual(['port-level-drops-tls:error']);
  });

  it("… but istiod's endpoint check still reads a rule-level DISABLE: plaintext to every pod (measured against istiod)", () => {
    const rule = destinationRule('reviews', 'bookinfo', {
      host: 'reviews',
      trafficPolicy: {
        tls: { mode: 'DISABLE' },
        portLevelSettings: [{ port: { number: 9080 }, connectionPool: {} }],
      },
    });
    const r = decide({ services: [reviews], pods: [reviewsPod()], policies: [strictNs], rules: [rule] });
    expect(statuses(r.rows)).toEqual(['9080 bookinfo+any other namespace CONFLICT']);
    expect(r.rows[0]?.client).toBe('-');
    expect(r.rows[0]?.endpoints[0]?.sends).toBe('plaintext');
    expect(r.causes).toEqual(['port-level-drops-tls:error']);
    expect(r.problems[0]?.fix?.command).toContain('"value":{"mode":"ISTIO_MUTUAL"}');
  });

  it('a port-level tls replaces the top-level one for its port only', () => {
    const two = service('reviews', 'bookinfo', [{ port: 9080 }, { port: 9443 }]);
    const rule = destinationRule('reviews', 'bookinfo', {
      host: 'reviews',
      trafficPolicy: {
        tls: { mode: 'DISABLE' },
        portLevelSettings: [{ port: { number: 9443 }, tls: { mode: 'ISTIO_MUTUAL' } }],
      },
    });
    const r = decide({ services: [two], pods: [reviewsPod()], policies: [strictNs], rules: [rule] });
    expect(statuses(r.rows)).toEqual([
      '9080 bookinfo+any other namespace CONFLICT',
      '9443 bookinfo+any other namespace OK',
    ]);
  });

  it('a subset policy overrides the top level for its own row', () => {
    const rule = destinationRule('reviews', 'bookinfo', {
      host: 'reviews',
      trafficPolicy: { tls: { mode: 'DISABLE' } },
      subsets: [
        { name: 'v1', labels: { version: 'v1' }, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    });
    const r = decide({
      services: [reviews],
      pods: [reviewsPod(), pod('reviews-v2-x', 'bookinfo', { app: 'reviews', version: 'v2' })],
      policies: [strictNs],
      rules: [rule],
    });
    expect(statuses(r.rows)).toEqual([
      '9080 bookinfo+any other namespace CONFLICT',
      '9080/v1 bookinfo+any other namespace OK',
      '9080/v2 bookinfo+any other namespace CONFLICT',
    ]);
  });

  it("a client namespace's own rule, and exportTo: each client group gets its row", () => {
    const frontendRule = destinationRule('reviews-plain', 'frontend', {
      host: 'reviews.bookinfo.svc.cluster.local',
      trafficPolicy: { tls: { mode: 'DISABLE' } },
    });
    const privateRule = destinationRule('reviews', 'bookinfo', {
      host: 'reviews',
      exportTo: ['.'],
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
    });
    const r = decide({
      services: [reviews],
      pods: [reviewsPod()],
      policies: [strictNs],
      rules: [frontendRule, privateRule],
    });
    expect(statuses(r.rows)).toEqual([
      '9080 bookinfo OK',
      '9080 frontend CONFLICT',
      '9080 any other namespace AUTO',
    ]);
    expect(r.causes).toEqual(['strict-server-plaintext-client:error']);
    expect(r.problems[0]?.subject).toEqual({
      kind: 'DestinationRule',
      namespace: 'frontend',
      name: 'reviews-plain',
    });
  });

  it("the root namespace's rule applies when neither the client's nor the service's namespace has one", () => {
    const rootRule = destinationRule('all-plain', 'istio-system', {
      host: '*.bookinfo.svc.cluster.local',
      trafficPolicy: { tls: { mode: 'DISABLE' } },
    });
    const r = decide({ services: [reviews], pods: [reviewsPod()], policies: [strictNs], rules: [rootRule] });
    expect(r.rows[0]?.destinationRule).toBe('istio-system/all-plain');
    expect(r.causes).toEqual(['strict-server-plaintext-client:error']);
  });

  it('auto-mTLS off in the mesh config: plaintext; OK against PERMISSIVE, a conflict against STRICT', () => {
    const off = { enableAutoMtls: false };
    expect(
      statuses(
        decide({ services: [reviews], pods: [reviewsPod()], policies: [permissiveNs], mesh: off }).rows,
      ),
    ).toEqual(['9080 bookinfo+any other namespace OK']);
    const r = decide({ services: [reviews], pods: [reviewsPod()], policies: [strictNs], mesh: off });
    expect(r.rows[0]?.client).toBe('None');
    expect(r.causes).toEqual(['strict-server-plaintext-client:error']);
  });

  it('SIMPLE without caCertificates: info (IST0128); with them: ruled out', () => {
    const simple = (tls: Record<string, unknown>) =>
      decide({
        services: [reviews],
        pods: [reviewsPod({ sidecar: false })],
        rules: [destinationRule('reviews', 'bookinfo', { host: 'reviews', trafficPolicy: { tls } })],
      });
    expect(simple({ mode: 'SIMPLE' }).causes).toEqual(['tls-without-ca-certificates:info']);
    expect(simple({ mode: 'SIMPLE', caCertificates: '/etc/certs/ca.pem' }).causes).toEqual([]);
  });
});

describe('every cause is ruled out when it does not apply', () => {
  it('a clean mesh reports each TLS check as a pass', () => {
    const r = decide({ services: [reviews], pods: [reviewsPod()], policies: [strictNs] });
    const passes = r.decision.findings.filter((f) => f.severity === 'pass').map((f) => f.cause);
    expect(passes.sort()).toEqual(
      [
        'competing-peer-authentications',
        'invalid-peer-authentication',
        'mtls-client-disabled-server',
        'mtls-to-pod-without-sidecar',
        'port-level-drops-tls',
        'strict-server-client-without-sidecar',
        'strict-server-plaintext-client',
        'strict-server-simple-tls-client',
        'tls-without-ca-certificates',
        'workload-disable-under-mtls-namespace',
        'workload-strict-under-disabled-namespace',
      ].sort(),
    );
  });
});

describe('certificates (live pod or --file DUMP)', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
  const subject = { kind: 'Pod', namespace: 'bookinfo', name: 'reviews-v1-abc' };
  const cert = (
    name: string,
    type: string,
    notBefore: Date,
    notAfter: Date,
    trustDomain = 'cluster.local',
  ) => ({
    name,
    cert: { type, serial: '01', notBefore, notAfter, trustDomain },
  });
  const withCerts = (
    items: ReturnType<typeof cert>[],
    warnWithinMs = 24 * 3_600_000,
    trustDomain = 'cluster.local',
  ) => {
    const d = decideTls(
      tlsBundle({ services: [reviews], pods: [reviewsPod()], policies: [strictNs], mesh: { trustDomain } }),
      { services: [reviews] },
      'kubectl',
      { items, now, subject, warnWithinMs },
    );
    return d.findings.filter((f) => f.severity !== 'pass').map((f) => `${f.cause}:${f.severity}`);
  };
  const workload = cert('default', 'Cert Chain', hours(-12), hours(12));
  const root = cert('ROOTCA', 'CA', hours(-24 * 365), hours(24 * 3650));

  it('a healthy workload certificate and root CA: nothing to say, trust domain ruled out', () => {
    expect(withCerts([workload, root])).toEqual([]);
  });
  it('an expired workload certificate; one not yet valid (clock skew)', () => {
    expect(withCerts([cert('default', 'Cert Chain', hours(-30), hours(-6)), root])).toEqual([
      'certificate-expired:error',
    ]);
    expect(withCerts([cert('default', 'Cert Chain', hours(2), hours(26)), root])).toEqual([
      'certificate-not-yet-valid:error',
    ]);
  });
  it('a root CA expiring within the warning window (24 h by default, configurable)', () => {
    const soon = cert('ROOTCA', 'CA', hours(-24 * 365), hours(20));
    expect(withCerts([workload, soon])).toEqual(['certificate-expiring-soon:warning']);
    expect(withCerts([workload, soon], 3_600_000)).toEqual([]);
  });
  it("a workload certificate from another trust domain than the mesh's", () => {
    expect(withCerts([cert('default', 'Cert Chain', hours(-12), hours(12), 'old.example'), root])).toEqual([
      'trust-domain-mismatch:error',
    ]);
  });
});
