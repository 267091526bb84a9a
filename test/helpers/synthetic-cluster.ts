import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Obj } from './fake-kube-api.ts';

const controlPlane = new URL('../fixtures/injection/default-install/control-plane.yaml', import.meta.url);

/** A cluster of `pods` pods spread over `namespaces` namespaces, plus Istio's webhook and ConfigMaps. */
export function syntheticCluster(pods: number, namespaces: number): Obj[] {
  const objects: Obj[] = readFileSync(controlPlane, 'utf8')
    .split(/^---$/m)
    .map((d) => parse(d) as Obj | null)
    .filter((o): o is Obj => !!o && typeof o === 'object' && 'kind' in o);
  for (let n = 0; n < namespaces; n++) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `ns-${n}`, labels: { 'istio-injection': 'enabled' } },
    });
  }
  for (let p = 0; p < pods; p++) {
    const namespace = `ns-${p % namespaces}`;
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `app-${p}-5b7d9c-x${p}`,
        namespace,
        labels: { app: `app-${p}`, 'pod-template-hash': '5b7d9c' },
        creationTimestamp: '2026-03-01T00:00:00Z',
      },
      spec: { containers: [{ name: 'app', image: 'nginx' }] },
    });
  }
  return objects;
}
