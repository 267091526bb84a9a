import type { Manifest } from '../../../src/gatherers/files/load-manifests.ts';

// A namespace without injection, a pod in it, and the stock istio-sidecar-injector webhook:
// the smallest cluster for which why-not-injected has a real answer (namespace not enabled).
const objects: Record<string, unknown>[] = [
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' } },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'cart-7d9f-abcde',
      namespace: 'shop',
      labels: { app: 'cart' },
      creationTimestamp: '2025-01-01T00:00:00Z',
    },
    spec: { containers: [{ name: 'cart', image: 'shop/cart:1' }] },
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: 'istio-sidecar-injector', labels: { app: 'sidecar-injector' } },
    webhooks: [
      {
        name: 'namespace.sidecar-injector.istio.io',
        clientConfig: { service: { name: 'istiod', namespace: 'istio-system', path: '/inject' } },
        namespaceSelector: {
          matchExpressions: [{ key: 'istio-injection', operator: 'In', values: ['enabled'] }],
        },
        objectSelector: {
          matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] }],
        },
        rules: [{ operations: ['CREATE'], apiGroups: [''], resources: ['pods'] }],
      },
    ],
  },
];

// Manifest only types kind and metadata.name; the readers validate the rest with zod.
export const meshManifests = objects as Manifest[];
