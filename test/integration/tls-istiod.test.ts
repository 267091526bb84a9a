import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { splitIstioctlTable } from '../envoy/split-istioctl-table.ts';
import { FakeEnvoyAdmin } from '../helpers/fake-envoy-admin.ts';
import {
  type Accepts,
  clientSends,
  clusterNames,
  type Dump,
  edsAddresses,
  inboundAccepts,
  type Sends,
} from '../helpers/istiod-tls-judge.ts';
import { applyManifests } from './harness/apply-manifests.ts';
import { clusterObjects } from './harness/cluster-objects.ts';
import { istiodDump, type ProxyIdentity, proxyIdentity } from './harness/istiod-dump.ts';
import { type KwokNode, startKwokNode, waitForRunning } from './harness/kwok-node.ts';
import { meshdocLive } from './harness/meshdoc-live.ts';

// tls-check judged by istiod itself. Every case below is created through the real API server;
// tools/cluster/istio/xdsdump then connects to the real istiod as the client pod's sidecar and as
// each server pod's sidecar (Istio's own ADS client) and writes the Envoy configuration istiod
// generates for it. From that configuration alone (the client's outbound cluster transport socket,
// or its transport_socket_matches against the endpoint's EDS metadata; the server's virtualInbound
// filter chains for the target port) the test decides what the client sends to each pod and
// whether the pod accepts it, and meshdoc's `tls-check <client> --to svc/<service>` must say the
// same for every row and pod. The cases are the rows of istio-semantics.md §3.4 and the
// composition rules of §3.1 and §3.3.

type PodDef = {
  name: string;
  labels?: Record<string, string>;
  sidecar?: boolean;
  ports?: Record<string, number>;
};
type Case = {
  id: string;
  title: string;
  /** Namespaced objects (PeerAuthentications, DestinationRules, the Service), namespace `tls-<id>` unless given. */
  yaml: (ns: string) => string;
  service: string;
  servers: PodDef[];
  /** The client: its namespace (default `tls-<id>-client`) and whether it has a sidecar. */
  client?: { namespace?: string; sidecar?: boolean };
  /** meshdoc's STATUS per row, `port[/subset] STATUS`, as the unit tests also state it. */
  expect: string[];
};

const svc = (name: string, ns: string, ports: string, extra = '') => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ${extra}
  ports: ${ports}
`;
const pa = (name: string, ns: string, mode: string, extra = '') => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${ns}}
spec:
  ${extra}
  mtls: {mode: ${mode}}
`;
const dr = (name: string, ns: string, spec: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}
`;
const web = (ns: string, extra = '') => svc('web', ns, '[{name: http, port: 8080, targetPort: 8080}]', extra);
const one = [{ name: 'web-1' }];
const doc = (...parts: string[]) => parts.join('---\n');

const cases: Case[] = [
  {
    id: 'strict-auto',
    title: 'STRICT, no tls, auto-mTLS, sidecar on the server',
    yaml: (ns) => doc(web(ns), pa('default', ns, 'STRICT')),
    service: 'web',
    servers: one,
    expect: ['8080 AUTO'],
  },
  {
    id: 'ns-off-wl-strict',
    title: 'namespace DISABLE, workload STRICT, auto-mTLS',
    yaml: (ns) =>
      doc(
        web(ns),
        pa('default', ns, 'DISABLE'),
        pa('web', ns, 'STRICT', 'selector: {matchLabels: {app: web}}'),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 CONFLICT'],
  },
  {
    id: 'strict-dr-off',
    title: 'STRICT, DestinationRule DISABLE',
    yaml: (ns) =>
      doc(
        web(ns),
        pa('default', ns, 'STRICT'),
        dr('web', ns, '  host: web\n  trafficPolicy: {tls: {mode: DISABLE}}'),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 CONFLICT'],
  },
  {
    id: 'strict-dr-simple',
    title: 'STRICT, DestinationRule SIMPLE',
    yaml: (ns) =>
      doc(
        web(ns),
        pa('default', ns, 'STRICT'),
        dr(
          'web',
          ns,
          '  host: web\n  trafficPolicy: {tls: {mode: SIMPLE, caCertificates: /etc/ssl/certs/ca-certificates.crt}}',
        ),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 CONFLICT'],
  },
  {
    id: 'strict-dr-mutual',
    title: 'STRICT, DestinationRule ISTIO_MUTUAL',
    yaml: (ns) =>
      doc(
        web(ns),
        pa('default', ns, 'STRICT'),
        dr('web', ns, '  host: web\n  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}'),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 OK'],
  },
  {
    id: 'perm-dr-mutual',
    title: 'PERMISSIVE, DestinationRule ISTIO_MUTUAL',
    yaml: (ns) =>
      doc(
        web(ns),
        pa('default', ns, 'PERMISSIVE'),
        dr('web', ns, '  host: web\n  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}'),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 OK'],
  },
  {
    id: 'perm-dr-off',
    title: 'PERMISSIVE, DestinationRule DISABLE',
    yaml: (ns) =>
      doc(
        web(ns),
        pa('default', ns, 'PERMISSIVE'),
        dr('web', ns, '  host: web\n  trafficPolicy: {tls: {mode: DISABLE}}'),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 OK'],
  },
  {
    id: 'perm-auto',
    title: 'PERMISSIVE, no tls',
    yaml: (ns) => doc(web(ns), pa('default', ns, 'PERMISSIVE')),
    service: 'web',
    servers: one,
    expect: ['8080 AUTO'],
  },
  {
    id: 'off-dr-mutual',
    title: 'namespace DISABLE, DestinationRule ISTIO_MUTUAL',
    yaml: (ns) =>
      doc(
        web(ns),
        pa('default', ns, 'DISABLE'),
        dr('web', ns, '  host: web\n  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}'),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 CONFLICT'],
  },
  {
    id: 'off-auto',
    title: 'namespace DISABLE, no tls, auto-mTLS',
    yaml: (ns) => doc(web(ns), pa('default', ns, 'DISABLE')),
    service: 'web',
    servers: one,
    expect: ['8080 AUTO'],
  },
  {
    id: 'wl-off-auto',
    title: 'workload DISABLE under a STRICT namespace, ordinary service, auto-mTLS (EDS refinement)',
    yaml: (ns) =>
      doc(
        web(ns),
        pa('default', ns, 'STRICT'),
        pa('web', ns, 'DISABLE', 'selector: {matchLabels: {app: web}}'),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 AUTO'],
  },
  {
    id: 'wl-off-headless',
    title: 'workload DISABLE under a STRICT namespace, headless service',
    yaml: (ns) =>
      doc(
        web(ns, 'clusterIP: None'),
        pa('default', ns, 'STRICT'),
        pa('web', ns, 'DISABLE', 'selector: {matchLabels: {app: web}}'),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 CONFLICT'],
  },
  {
    id: 'wl-off-dr-mutual',
    title: 'workload DISABLE under a STRICT namespace, DestinationRule ISTIO_MUTUAL',
    yaml: (ns) =>
      doc(
        web(ns),
        pa('default', ns, 'STRICT'),
        pa('web', ns, 'DISABLE', 'selector: {matchLabels: {app: web}}'),
        dr('web', ns, '  host: web\n  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}'),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 CONFLICT'],
  },
  {
    id: 'plain-dr-mutual',
    title: 'server without a sidecar, DestinationRule ISTIO_MUTUAL',
    yaml: (ns) => doc(web(ns), dr('web', ns, '  host: web\n  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}')),
    service: 'web',
    servers: [{ name: 'web-1', sidecar: false }],
    expect: ['8080 CONFLICT'],
  },
  {
    id: 'plain-auto',
    title: 'server without a sidecar, auto-mTLS',
    yaml: (ns) => doc(web(ns), pa('default', ns, 'STRICT')),
    service: 'web',
    servers: [{ name: 'web-1', sidecar: false }],
    expect: ['8080 AUTO'],
  },
  {
    id: 'client-plain-strict',
    title: 'client without a sidecar, STRICT server',
    yaml: (ns) => doc(web(ns), pa('default', ns, 'STRICT')),
    service: 'web',
    servers: one,
    client: { sidecar: false },
    expect: ['8080 CONFLICT'],
  },
  {
    id: 'client-plain-perm',
    title: 'client without a sidecar, PERMISSIVE server',
    yaml: (ns) => doc(web(ns), pa('default', ns, 'PERMISSIVE')),
    service: 'web',
    servers: one,
    client: { sidecar: false },
    expect: ['8080 OK'],
  },
  {
    id: 'port-level-pa',
    title: 'port-level mTLS keyed by the target port (80 → 8080 DISABLE, 90 → 9090 STRICT)',
    yaml: (ns) =>
      doc(
        svc(
          'web',
          ns,
          '[{name: http, port: 80, targetPort: 8080}, {name: http-admin, port: 90, targetPort: 9090}]',
        ),
        pa('default', ns, 'PERMISSIVE'),
        pa(
          'web',
          ns,
          'STRICT',
          "selector: {matchLabels: {app: web}}\n  portLevelMtls: {'8080': {mode: DISABLE}}",
        ),
      ),
    service: 'web',
    servers: one,
    expect: ['80 AUTO', '90 AUTO'],
  },
  {
    id: 'named-port',
    title: 'a named targetPort resolved through the container ports; explicit ISTIO_MUTUAL to its DISABLE',
    yaml: (ns) =>
      doc(
        svc('web', ns, '[{name: http, port: 80, targetPort: http-alt}]'),
        pa('default', ns, 'STRICT'),
        pa(
          'web',
          ns,
          'STRICT',
          "selector: {matchLabels: {app: web}}\n  portLevelMtls: {'8081': {mode: DISABLE}}",
        ),
        dr('web', ns, '  host: web\n  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}'),
      ),
    service: 'web',
    servers: [{ name: 'web-1', ports: { 'http-alt': 8081 } }],
    expect: ['80 CONFLICT'],
  },
  {
    id: 'port-drops-tls',
    title:
      "a port-level entry without tls: the cluster gets auto-mTLS, but istiod's endpoint check still reads the top-level DISABLE",
    yaml: (ns) =>
      doc(
        web(ns),
        pa('default', ns, 'STRICT'),
        dr(
          'web',
          ns,
          '  host: web\n  trafficPolicy:\n    tls: {mode: DISABLE}\n    portLevelSettings:\n    - port: {number: 8080}\n      connectionPool: {tcp: {maxConnections: 10}}',
        ),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 CONFLICT'],
  },
  {
    id: 'subsets',
    title: 'a subset policy overrides the top level (v1 ISTIO_MUTUAL, v2 inherits DISABLE)',
    yaml: (ns) =>
      doc(
        web(ns),
        pa('default', ns, 'STRICT'),
        dr(
          'web',
          ns,
          '  host: web\n  trafficPolicy: {tls: {mode: DISABLE}}\n  subsets:\n  - {name: v1, labels: {version: v1}, trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}\n  - {name: v2, labels: {version: v2}}',
        ),
      ),
    service: 'web',
    servers: [
      { name: 'web-v1', labels: { version: 'v1' } },
      { name: 'web-v2', labels: { version: 'v2' } },
    ],
    expect: ['8080 CONFLICT', '8080/v1 OK', '8080/v2 CONFLICT'],
  },
  {
    id: 'client-ns-dr',
    title: "the client namespace's own DestinationRule wins over the service namespace's",
    yaml: (ns) =>
      doc(
        web(ns),
        pa('default', ns, 'STRICT'),
        dr('web', ns, '  host: web\n  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}'),
        dr(
          'web-plain',
          `${ns}-client`,
          `  host: web.${ns}.svc.cluster.local\n  trafficPolicy: {tls: {mode: DISABLE}}`,
        ),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 CONFLICT'],
  },
  {
    id: 'export-to',
    title: "a rule exported only to its own namespace is not the client's",
    yaml: (ns) =>
      doc(
        web(ns),
        pa('default', ns, 'DISABLE'),
        dr('web', ns, "  host: web\n  exportTo: ['.']\n  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}"),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 AUTO'],
  },
  {
    id: 'root-dr',
    title: "the root namespace's rule applies when no other does",
    yaml: (ns) =>
      doc(
        web(ns),
        pa('default', ns, 'STRICT'),
        dr(
          `all-${ns}`,
          'istio-system',
          `  host: '*.${ns}.svc.cluster.local'\n  trafficPolicy: {tls: {mode: DISABLE}}`,
        ),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 CONFLICT'],
  },
  {
    // The mesh-wide policy (root namespace, no selector) applies where the namespace's says UNSET.
    // Safe beside the other cases: each of them sets its own namespace mode or has no sidecar.
    id: 'mesh-strict',
    title: 'mesh STRICT inherited through a namespace policy of UNSET, DestinationRule DISABLE',
    yaml: (ns) =>
      doc(
        pa('default', 'istio-system', 'STRICT'),
        web(ns),
        pa('default', ns, 'UNSET'),
        dr('web', ns, '  host: web\n  trafficPolicy: {tls: {mode: DISABLE}}'),
      ),
    service: 'web',
    servers: one,
    expect: ['8080 CONFLICT'],
  },
  {
    id: 'oldest-wins',
    title: 'two namespace policies: the oldest (STRICT) wins over the newer DISABLE',
    yaml: (ns) => doc(web(ns), pa('a-strict', ns, 'STRICT')),
    service: 'web',
    servers: one,
    expect: ['8080 AUTO'],
  },
];

const nodeName = 'kwok-tls-node';
const results = new Map<string, { meshdoc: unknown; oracle: unknown; statuses: string[]; error?: string }>();
let node: KwokNode | undefined;
let envoy: FakeEnvoyAdmin | undefined;
let live: ReturnType<typeof meshdocLive>;
/** The client whose proxy commands run live against istiod's config (the strict-dr-mutual case). */
const liveNs = 'tls-strict-dr-mutual-client';

/** istiod's configuration for one pod, as its sidecar would receive it. */
async function dumpOf(pod: ProxyIdentity): Promise<Dump> {
  return JSON.parse((await istiodDump(inject('binDir'), inject('istiodXds'), pod)).toString('utf8')) as Dump;
}

const podLabels = (p: PodDef, sidecar: boolean) => ({
  app: 'web',
  ...p.labels,
  ...(sidecar ? { 'security.istio.io/tlsMode': 'istio' } : {}),
});

beforeAll(async () => {
  const admin = new KubeConfig();
  admin.loadFromFile(inject('kubeconfig'));
  const objects = clusterObjects(admin);
  const core = admin.makeApiClient(CoreV1Api);
  // One client pod's Envoy admin port leads to a stand-in that asks istiod for that pod's config at
  // every request: the live proxy commands then read istiod's real configuration.
  envoy = new FakeEnvoyAdmin({
    dump: async () =>
      istiodDump(inject('binDir'), inject('istiodXds'), await proxyIdentity(admin, liveNs, 'client-1')),
  });
  const envoyPort = await envoy.start();
  node = await startKwokNode({
    binDir: inject('binDir'),
    kubeconfig: inject('kubeconfig'),
    admin,
    certFile: inject('servingCrt'),
    keyFile: inject('servingKey'),
    name: nodeName,
    portForwards: [{ namespace: liveNs, pod: 'client-1', port: 15000, targetPort: envoyPort }],
  });
  const sidecar = (name: string) =>
    [
      { name: 'app', image: 'app:1' },
      { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.2' },
    ].slice(0, name === 'none' ? 1 : 2);
  // Every case at once: one wait for istiod instead of one per case.
  for (const c of cases) {
    const ns = `tls-${c.id}`;
    await objects.ensureNamespace(ns, {});
    await objects.ensureNamespace(`${ns}-client`, {});
    if (c.id === 'oldest-wins') {
      await applyManifests(admin, c.yaml(ns));
      // The newer policy, a second later: creationTimestamp has one-second resolution.
      await new Promise((r) => setTimeout(r, 1100));
      await applyManifests(admin, pa('b-disable', ns, 'DISABLE'));
    } else await applyManifests(admin, c.yaml(ns));
    for (const p of c.servers) {
      const withSidecar = p.sidecar !== false;
      await core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name: p.name, labels: podLabels(p, withSidecar) },
          spec: {
            nodeName,
            containers: sidecar(withSidecar ? 'yes' : 'none').map((ct) =>
              ct.name === 'app' && p.ports
                ? {
                    ...ct,
                    ports: Object.entries(p.ports).map(([name, containerPort]) => ({ name, containerPort })),
                  }
                : ct,
            ),
          },
        },
      });
    }
    const clientSidecar = c.client?.sidecar !== false;
    await core.createNamespacedPod({
      namespace: `${ns}-client`,
      body: {
        metadata: {
          name: 'client-1',
          labels: { app: 'client', ...(clientSidecar ? { 'security.istio.io/tlsMode': 'istio' } : {}) },
        },
        spec: { nodeName, containers: sidecar(clientSidecar ? 'yes' : 'none') },
      },
    });
  }
  for (const c of cases) {
    for (const p of c.servers) await waitForRunning(admin, `tls-${c.id}`, p.name, node);
    await waitForRunning(admin, `tls-${c.id}-client`, 'client-1', node);
  }

  const meshdoc = meshdocLive(admin);
  live = meshdoc;
  const podOf = (namespace: string, name: string) => proxyIdentity(admin, namespace, name);
  for (const c of cases) {
    const ns = `tls-${c.id}`;
    try {
      const client = await podOf(`${ns}-client`, 'client-1');
      const outcome = await meshdoc([
        'tls-check',
        'client-1',
        '-n',
        `${ns}-client`,
        '--to',
        `svc/${c.service}.${ns}`,
      ]);
      if (!outcome.ok) throw new Error(`meshdoc: ${outcome.error.message}`);
      type Row = {
        port: number;
        subset: string | null;
        status: string;
        pods: { pod: string; targetPort: number | null; sends: Sends; works: boolean }[];
      };
      const rows = (outcome.report.data?.rows ?? []) as Row[];
      const host = `${c.service}.${ns}.svc.cluster.local`;
      const servers = await Promise.all(c.servers.map((p) => podOf(ns, p.name)));
      // Wait until istiod has the case's clusters and endpoints (it watches the API server), then
      // for its policies to settle (pushes are debounced), and judge from a fresh dump.
      const withSidecar = c.client?.sidecar !== false;
      let clientDump: Dump | undefined;
      if (withSidecar) {
        const headless = c.yaml(ns).includes('clusterIP: None');
        for (let i = 0; i < 60; i++) {
          clientDump = await dumpOf(client);
          const names = clusterNames(clientDump);
          const ready = rows.every((r) => {
            const name = `outbound|${r.port}|${r.subset ?? ''}|${host}`;
            return (
              names.includes(name) &&
              (headless ||
                r.pods.every((p) =>
                  edsAddresses(clientDump as Dump, name).includes(
                    servers.find((s) => s.name === p.pod)?.ip ?? '?',
                  ),
                ))
            );
          });
          if (ready) break;
          await new Promise((r) => setTimeout(r, 500));
        }
        await new Promise((r) => setTimeout(r, 1500));
        clientDump = await dumpOf(client);
      }
      const serverDumps = new Map<string, Dump>();
      for (const s of servers)
        if (c.servers.find((p) => p.name === s.name)?.sidecar !== false)
          serverDumps.set(s.name, await dumpOf(s));
      const oracle = rows.map((r) => ({
        row: `${r.port}${r.subset ? `/${r.subset}` : ''}`,
        pods: r.pods.map((p) => {
          const server = servers.find((s) => s.name === p.pod);
          const sends: Sends = clientDump
            ? clientSends(clientDump, `outbound|${r.port}|${r.subset ?? ''}|${host}`, server?.ip ?? '')
            : 'plaintext';
          const dump = serverDumps.get(p.pod);
          const accepts: Accepts = dump
            ? inboundAccepts(dump, p.targetPort ?? r.port)
            : { mTLS: false, plaintext: true, TLS: true };
          return { pod: p.pod, sends, works: accepts[sends] };
        }),
      }));
      const mine = rows.map((r) => ({
        row: `${r.port}${r.subset ? `/${r.subset}` : ''}`,
        pods: r.pods.map((p) => ({ pod: p.pod, sends: p.sends, works: p.works })),
      }));
      results.set(c.id, {
        meshdoc: mine,
        oracle,
        statuses: rows.map((r) => `${r.port}${r.subset ? `/${r.subset}` : ''} ${r.status}`),
      });
    } catch (error) {
      results.set(c.id, { meshdoc: null, oracle: null, statuses: [], error: String(error) });
    }
  }
}, 600_000);

afterAll(async () => {
  await node?.stop();
  await envoy?.stop();
});

describe('tls-check agrees with the configuration istiod generates', () => {
  it.each(cases.map((c) => [c.id, c.title, c] as const))('%s: %s', (id, _title, c) => {
    const r = results.get(id);
    expect(r?.error).toBeUndefined();
    // What each pod is sent and whether it accepts it: meshdoc's model against istiod's config.
    expect(r?.meshdoc).toEqual(r?.oracle);
    expect(r?.statuses).toEqual(c.expect);
  });
});

describe('the live proxy commands read the configuration istiod generates', () => {
  // client-1's Envoy admin port (through the API server's pods/portforward and kwok) serves what
  // istiod generates for it. meshdoc's live tables must equal istioctl's on that same config.
  it.each(['clusters', 'listeners', 'routes'])(
    '%s: live equals istioctl proxy-config on the same dump',
    async (command) => {
      const outcome = await live([command, 'client-1', '-n', liveNs, '-o', 'json']);
      if (!outcome.ok) throw new Error(outcome.error.message);
      const table = outcome.report.sections.find((s) => s.kind === 'table');
      if (table?.kind !== 'table') throw new Error('no table');
      const admin = new KubeConfig();
      admin.loadFromFile(inject('kubeconfig'));
      const dump = await istiodDump(
        inject('binDir'),
        inject('istiodXds'),
        await proxyIdentity(admin, liveNs, 'client-1'),
      );
      const file = join(mkdtempSync(join(tmpdir(), 'meshdoc-pc-')), 'dump.json');
      writeFileSync(file, dump);
      const istioctl = await execa(join(inject('binDir'), 'istioctl'), [
        'proxy-config',
        command,
        '--file',
        file,
      ]);
      const theirs = splitIstioctlTable(
        istioctl.stdout.endsWith('\n') ? istioctl.stdout : `${istioctl.stdout}\n`,
        table.columns,
      );
      expect(table.rows.map((r) => r.map((c) => c.trim()))).toEqual(theirs);
      if (command === 'clusters')
        expect(table.rows.map((r) => r.join(' '))).toContainEqual(
          expect.stringContaining('web.tls-strict-dr-mutual.svc.cluster.local'),
        );
    },
  );
});
