import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { commands } from '../../commands/index.ts';
import type { CommandContext } from '../../src/core/command.ts';
import { runInvocation } from '../../src/core/run-invocation.ts';
import { LiveKubeReader } from '../../src/gatherers/kube/live-kube-reader.ts';
import { FakeKubeApi } from '../helpers/fake-kube-api.ts';
import { syntheticCluster } from '../helpers/synthetic-cluster.ts';

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
type Doc = { kind: string; metadata: { name: string; namespace?: string }; rules?: Rule[] };

const docs = parseAllDocuments(readFileSync(new URL('../../deploy/rbac.yaml', import.meta.url), 'utf8')).map(
  (d) => d.toJS() as Doc,
);
const clusterRules = docs.filter((d) => d.kind === 'ClusterRole').flatMap((d) => d.rules ?? []);
const istioRules = docs
  .filter((d) => d.kind === 'Role' && d.metadata.namespace === 'istio-system')
  .flatMap((d) => d.rules ?? []);

/** Maps a recorded REST request to (verb, group, resource, namespace) as RBAC sees it. */
function asRbac(request: string): {
  verb: string;
  group: string;
  resource: string;
  namespace: string | undefined;
} {
  const [, path = ''] = request.split(' ');
  const [pathname = ''] = path.split('?');
  const parts = pathname.split('/').filter(Boolean);
  const group = parts[0] === 'api' ? '' : (parts[1] ?? '');
  const rest = parts[0] === 'api' ? parts.slice(2) : parts.slice(3);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 2) {
    namespace = rest[1];
    rest.splice(0, 2);
  }
  // pods/<name>/portforward: a subresource; the WebSocket upgrade is a GET, authorised as "get".
  const resource = rest.length > 2 ? `${rest[0]}/${rest[2]}` : (rest[0] ?? '');
  return { verb: rest.length > 1 ? 'get' : 'list', group, resource, namespace };
}

function allowed(rules: Rule[], verb: string, group: string, resource: string): boolean {
  return rules.some(
    (r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb),
  );
}

let api: FakeKubeApi | undefined;
afterEach(async () => api?.stop());

describe('deploy/rbac.yaml', () => {
  it('grants nothing on Secrets and no write verbs; "create" only to open a port-forward', () => {
    for (const rule of [...clusterRules, ...istioRules]) {
      expect(rule.resources).not.toContain('secrets');
      expect(rule.resources).not.toContain('*');
      const verbs = rule.resources.every((r) => r === 'pods/portforward')
        ? ['get', 'create']
        : ['get', 'list'];
      for (const verb of rule.verbs) expect(verbs).toContain(verb);
    }
    // exec, attach and pods/proxy stay out: the proxy commands need the tunnel and nothing else.
    const resources = [...clusterRules, ...istioRules].flatMap((r) => r.resources);
    for (const r of ['pods/exec', 'pods/attach', 'pods/proxy', 'nodes/proxy'])
      expect(resources).not.toContain(r);
  });

  it('allows every API request why-not-injected makes (pod and workload targets, typo suggestions)', async () => {
    const objects = syntheticCluster(20, 2);
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'app-1', namespace: 'ns-1' },
      spec: {
        selector: { matchLabels: { app: 'app-1' } },
        template: { metadata: { labels: { app: 'app-1' } }, spec: { containers: [{ name: 'a' }] } },
      },
    });
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'sidecar-1', namespace: 'ns-1' },
      spec: { containers: [{ name: 'a' }, { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.2' }] },
    });
    // tls-check, for a service, a pod and a pod as a client (--to).
    objects.push(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'app-1', namespace: 'ns-1' },
        spec: { selector: { app: 'app-1' }, ports: [{ port: 80 }] },
      },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace: 'ns-1' },
        spec: { mtls: { mode: 'STRICT' } },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: 'app-1', namespace: 'ns-1' },
        spec: { host: 'app-1' },
      },
    );
    api = new FakeKubeApi({ objects });
    const server = await api.start();
    const reader = new LiveKubeReader({ kubeConfig: api.kubeConfig(server), timeoutMs: 5000 });
    const ctx: CommandContext = {
      defaultNamespace: 'default',
      now: () => new Date(),
      reader: async () => reader,
    };
    for (const args of [
      ['app-1-5b7d9c-x1', '-n', 'ns-1'],
      ['deploy/app-1', '-n', 'ns-1'],
      ['app-1-typo', '-n', 'ns-1'],
      ['x', '-n', 'missing'],
    ]) {
      await runInvocation(['why-not-injected', ...args], 'cli', commands, ctx);
    }
    for (const args of [
      ['svc/app-1', '-n', 'ns-1'],
      ['sidecar-1', '-n', 'ns-1'],
      ['sidecar-1', '-n', 'ns-1', '--to', 'svc/app-1'],
    ]) {
      const tls = await runInvocation(['tls-check', ...args], 'cli', commands, ctx);
      expect(tls.ok, `${args.join(' ')}: ${JSON.stringify(tls).slice(0, 400)}`).toBe(true);
    }
    const lbl = await runInvocation(['labels', 'app-1', '-n', 'ns-1'], 'cli', commands, ctx);
    expect(lbl.ok, JSON.stringify(lbl).slice(0, 300)).toBe(true);
    // canary status: every list it makes (a Service with no split answers "no canary" from them).
    const canary = await runInvocation(['canary', 'status', 'app-1', '-n', 'ns-1'], 'cli', commands, ctx);
    expect(canary.ok, JSON.stringify(canary).slice(0, 300)).toBe(true);
    // The proxy commands: the pod, then a port-forward to its Envoy (refused here: no stand-in).
    const proxy = await runInvocation(['config-dump', 'sidecar-1', '-n', 'ns-1'], 'cli', commands, ctx);
    expect(proxy.ok).toBe(false);
    const seen = new Set(api.requests.map((r) => JSON.stringify(asRbac(r))));
    expect(seen).toContain(
      JSON.stringify({ verb: 'get', group: '', resource: 'pods/portforward', namespace: 'ns-1' }),
    );
    expect(seen.size).toBeGreaterThanOrEqual(10);
    for (const resource of [
      'services',
      'peerauthentications',
      'destinationrules',
      'virtualservices',
      'serviceentries',
      'gateways',
      'canaries',
      'rollouts',
      'analysisruns',
      'replicasets',
      'events',
      'horizontalpodautoscalers',
    ])
      expect(
        [...seen].some((e) => e.includes(`"resource":"${resource}"`)),
        resource,
      ).toBe(true);
    for (const entry of seen) {
      const { verb, group, resource, namespace } = JSON.parse(entry) as ReturnType<typeof asRbac>;
      const ok =
        allowed(clusterRules, verb, group, resource) ||
        (namespace === 'istio-system' && allowed(istioRules, verb, group, resource));
      expect(ok, `${verb} ${group}/${resource} in ${namespace ?? 'cluster scope'}`).toBe(true);
    }
  });
});
