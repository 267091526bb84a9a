import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../src/core/parse-target.ts';
import { formatTarget } from '../../src/core/target.ts';

describe('parseTarget for pods and workloads (what why-not-injected takes)', () => {
  const podsAndWorkloads = (raw: string, namespaceFlag: string | undefined) =>
    parseTarget(raw, {
      kinds: ['pod', 'deployment', 'statefulset', 'daemonset'],
      namespaceFlag,
      defaultNamespace: 'default',
      refusal: 'Name a pod or a workload (deploy, sts, ds)',
    });

  it.each([
    ['reviews-1', 'shop', { kind: 'pod', namespace: 'shop', name: 'reviews-1' }],
    ['reviews-1.shop', undefined, { kind: 'pod', namespace: 'shop', name: 'reviews-1' }],
    ['shop/reviews-1', undefined, { kind: 'pod', namespace: 'shop', name: 'reviews-1' }],
    ['deploy/reviews', 'shop', { kind: 'deployment', namespace: 'shop', name: 'reviews' }],
    ['sts/db', undefined, { kind: 'statefulset', namespace: 'default', name: 'db' }],
  ])('%s -n %s', (raw, namespace, value) => {
    expect(podsAndWorkloads(raw, namespace)).toEqual({ ok: true, value });
  });

  it('refuses the kinds it does not take', () => {
    expect(podsAndWorkloads('svc/reviews', undefined)).toEqual({
      ok: false,
      error: 'Name a pod or a workload (deploy, sts, ds), not a service.',
    });
  });
});

describe('parseTarget', () => {
  it('a bare name is the first of pod, app, service, namespace that the command takes', () => {
    const parse = (kinds: Parameters<typeof parseTarget>[1]['kinds']) =>
      parseTarget('reviews', { kinds, namespaceFlag: undefined, defaultNamespace: 'shop' });
    expect(parse(['pod', 'app'])).toMatchObject({ value: { kind: 'pod' } });
    expect(parse(['service', 'app'])).toMatchObject({ value: { kind: 'app' } });
    expect(parse(['service'])).toMatchObject({ value: { kind: 'service' } });
    expect(parse(['namespace'])).toEqual({ ok: true, value: { kind: 'namespace', name: 'reviews' } });
  });

  it('formats every kind the way reports name it', () => {
    expect(formatTarget({ kind: 'pod', namespace: 'shop', name: 'a' })).toBe('shop/a');
    expect(formatTarget({ kind: 'service', namespace: 'shop', name: 'a' })).toBe('service/a -n shop');
    expect(formatTarget({ kind: 'app', namespace: 'shop', name: 'a' })).toBe('app/a -n shop');
    expect(formatTarget({ kind: 'namespace', name: 'shop' })).toBe('namespace/shop');
  });
});
