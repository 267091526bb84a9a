import { describe, expect, it } from 'vitest';
import { apiServerUrl } from '../../src/gatherers/kube/api-server-url.ts';
import { kubeConfigFor } from '../helpers/fake-kube-api.ts';

describe('apiServerUrl', () => {
  it('resolves an API path under the server, keeping a path prefix with or without a trailing slash', () => {
    for (const server of [
      'https://rancher.example/k8s/clusters/c-1',
      'https://rancher.example/k8s/clusters/c-1/',
    ])
      expect(apiServerUrl(kubeConfigFor(server), '/api/v1/pods').href).toBe(
        'https://rancher.example/k8s/clusters/c-1/api/v1/pods',
      );
    expect(apiServerUrl(kubeConfigFor('http://127.0.0.1:6443'), '/apis/apps/v1/deployments').href).toBe(
      'http://127.0.0.1:6443/apis/apps/v1/deployments',
    );
  });
});
