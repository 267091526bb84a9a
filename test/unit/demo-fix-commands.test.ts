import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { cliJson } from '../helpers/run-cli.ts';

// Issue 9: the demo's objects are named as a real cluster names them, so every fix command the
// demo's answers print names an object that exists in the demo (no `deployment/checkout-`).

type Obj = { kind: string; metadata: { name: string; namespace?: string } };
const demo = fileURLToPath(new URL('../../demo/cluster.yaml', import.meta.url));
const objects = parseAllDocuments(readFileSync(demo, 'utf8'))
  .map((d) => d.toJSON() as Obj | null)
  .filter((o): o is Obj => o !== null);
const key = (kind: string, ns: string | undefined, name: string) => `${kind}/${ns ?? ''}/${name}`;
const existing = new Set(objects.map((o) => key(o.kind, o.metadata.namespace, o.metadata.name)));
/** Installed revisions: the istio.io/rev label of each injection webhook configuration. */
const revisions = objects
  .filter((o) => o.kind === 'MutatingWebhookConfiguration')
  .map((o) => (o.metadata as { labels?: Record<string, string> }).labels?.['istio.io/rev']);
const kinds: Record<string, string> = {
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
  pod: 'Pod',
};

/** Every object a kubectl fix command names, as [kind, namespace, name]. */
function namedObjects(command: string): [string, string | undefined, string][] {
  const named: [string, string | undefined, string][] = [];
  for (const m of command.matchAll(/\b(deployment|statefulset|daemonset)\/([a-z0-9.-]+) -n ([a-z0-9-]+)/g))
    named.push([kinds[m[1] ?? ''] ?? '', m[3], m[2] ?? '']);
  for (const m of command.matchAll(/\bget pod ([a-z0-9.-]+) -n ([a-z0-9-]+)/g))
    named.push(['Pod', m[2], m[1] ?? '']);
  for (const m of command.matchAll(/\blabel namespace ([a-z0-9-]+)/g))
    named.push(['Namespace', undefined, m[1] ?? '']);
  for (const m of command.matchAll(/\bpatch service ([a-z0-9.-]+) -n ([a-z0-9-]+)/g))
    named.push(['Service', m[2], m[1] ?? '']);
  for (const m of command.matchAll(
    /\b(?:patch|delete) (destinationrule|peerauthentication) ([a-z0-9.-]+) -n ([a-z0-9-]+)/g,
  ))
    named.push([m[1] === 'destinationrule' ? 'DestinationRule' : 'PeerAuthentication', m[3], m[2] ?? '']);
  // A new DestinationRule (`kubectl apply`) must be for a Service the demo has.
  for (const m of command.matchAll(/"host":"([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local"/g))
    named.push(['Service', m[2], m[1] ?? '']);
  return named;
}

/** Every pod and every Deployment of the demo, as why-not-injected targets with their namespace. */
const targets = objects
  .filter((o) => o.kind === 'Pod' || o.kind === 'Deployment')
  .map((o) => [
    o.kind === 'Pod' ? o.metadata.name : `deploy/${o.metadata.name}`,
    o.metadata.namespace ?? 'default',
  ]);

describe('the demo names real objects', () => {
  it('reads commands the way a person would', () => {
    expect(
      namedObjects(
        'kubectl label namespace legacy istio.io/rev=default --overwrite && kubectl rollout restart deployment/ledger -n legacy',
      ),
    ).toEqual([
      ['Deployment', 'legacy', 'ledger'],
      ['Namespace', undefined, 'legacy'],
    ]);
    expect(namedObjects('kubectl get pod web-1 -n shop -o yaml | kubectl replace --force -f -')).toEqual([
      ['Pod', 'shop', 'web-1'],
    ]);
  });

  it.each(targets)(
    'why-not-injected %s -n %s: every fix command names an object of the demo',
    async (target, ns) => {
      const out = await cliJson(['why-not-injected', target ?? '', '-n', ns ?? '']);
      const commands = out.findings.flatMap((f) => {
        const command = (f as { fix?: { command?: string } }).fix?.command;
        return command ? [command] : [];
      });
      for (const command of commands) {
        const named = namedObjects(command);
        expect(named.length, command).toBeGreaterThan(0);
        for (const [, revision] of command.matchAll(/istio\.io\/rev=([a-z0-9-]+)/g))
          expect(revisions, `${command} points at revision ${revision}`).toContain(revision);
        for (const [kind, namespace, name] of named)
          expect(existing.has(key(kind, namespace, name)), `${command} names ${kind} ${name}`).toBe(true);
      }
    },
  );

  const services = objects
    .filter((o) => o.kind === 'Service')
    .map((o) => [o.metadata.name, o.metadata.namespace ?? 'default']);
  it('has Services for tls-check', () => expect(services.length).toBeGreaterThanOrEqual(4));
  it.each(services)(
    'tls-check svc/%s -n %s: every fix command names an object of the demo',
    async (name, ns) => {
      const out = await cliJson(['tls-check', `svc/${name}`, '-n', ns ?? '']);
      for (const f of out.findings as { fix?: { command?: string } }[]) {
        const command = f.fix?.command;
        if (!command) continue;
        const named = namedObjects(command);
        expect(named.length, command).toBeGreaterThan(0);
        for (const [kind, namespace, objectName] of named)
          expect(
            existing.has(key(kind, namespace, objectName)),
            `${command} names ${kind} ${objectName}`,
          ).toBe(true);
      }
    },
  );

  it.each([
    ['reviews', 'store'],
    ['ratings', 'store'],
  ])('labels %s -n %s: every fix command names an object of the demo', async (app, ns) => {
    const out = await cliJson(['labels', app, '-n', ns]);
    expect(out.verdict).toBe('mismatch');
    for (const f of out.findings as { fix?: { command?: string } }[]) {
      const command = f.fix?.command;
      if (!command) continue;
      for (const [kind, namespace, name] of namedObjects(command))
        expect(existing.has(key(kind, namespace, name)), `${command} names ${kind} ${name}`).toBe(true);
    }
  });

  it('every pod is owned as a real ReplicaSet would own it: <deployment>-<pod-template-hash>', () => {
    for (const pod of objects.filter((o) => o.kind === 'Pod') as (Obj & {
      metadata: { labels: Record<string, string>; ownerReferences: { name: string }[] };
    })[]) {
      const hash = pod.metadata.labels['pod-template-hash'];
      const owner = pod.metadata.ownerReferences[0]?.name ?? '';
      expect(owner).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(pod.metadata.name.startsWith(`${owner}-`)).toBe(true);
      const deployment = owner.slice(0, -`-${hash}`.length);
      expect(owner.endsWith(`-${hash}`)).toBe(true);
      expect(existing.has(key('Deployment', pod.metadata.namespace, deployment)), deployment).toBe(true);
    }
  });
});
