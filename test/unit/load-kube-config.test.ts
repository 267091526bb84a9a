import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MeshdocError } from '../../src/errors.ts';
import { loadKubeConfig } from '../../src/gatherers/kube/load-kube-config.ts';

function kubeconfig(contexts: string[]): string {
  const named = (kind: string, body: string) =>
    contexts.map((c) => `- name: ${c}\n  ${kind}: ${body}`).join('\n');
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters:\n${named('cluster', '{server: "https://127.0.0.1:6443"}')}`,
    `users:\n${named('user', '{token: t}')}`,
    `contexts:\n${contexts.map((c) => `- name: ${c}\n  context: {cluster: ${c}, user: ${c}}`).join('\n')}`,
    `current-context: ${contexts[0]}`,
  ].join('\n');
}

function caught(run: () => unknown): MeshdocError {
  try {
    run();
  } catch (error) {
    if (error instanceof MeshdocError) return error;
    throw error;
  }
  throw new Error('expected a MeshdocError');
}

describe('loadKubeConfig --context errors (issue 9)', () => {
  it('with no kubeconfig anywhere, says so and where it looked, never the library placeholder', () => {
    const home = mkdtempSync(join(tmpdir(), 'meshdoc-home-'));
    const error = caught(() => loadKubeConfig('prod', undefined, { HOME: home }));
    expect(error.userMessage).toBe('No kubeconfig found, so there is no context "prod".');
    expect(error.hint).toContain(join(home, '.kube', 'config'));
    expect(error.hint).toContain('KUBECONFIG is unset');
    expect(`${error.userMessage} ${error.hint}`).not.toContain('loaded-context');
  });

  it('names the KUBECONFIG files it looked for when none of them exists', () => {
    const home = mkdtempSync(join(tmpdir(), 'meshdoc-home-'));
    const error = caught(() =>
      loadKubeConfig('prod', undefined, { HOME: home, KUBECONFIG: '/nowhere/a.yaml' }),
    );
    expect(error.hint).toContain('KUBECONFIG (/nowhere/a.yaml)');
  });

  it('lists the real contexts when the kubeconfig lacks the one asked for', () => {
    const home = mkdtempSync(join(tmpdir(), 'meshdoc-home-'));
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), kubeconfig(['staging', 'dev']));
    const error = caught(() => loadKubeConfig('prod', undefined, { HOME: home }));
    expect(error.userMessage).toBe('No context "prod" in the kubeconfig.');
    expect(error.hint).toBe('Known contexts: staging, dev');
  });

  it('selects a context that exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshdoc-kc-'));
    const file = join(dir, 'config');
    writeFileSync(file, kubeconfig(['staging', 'prod']));
    expect(loadKubeConfig('prod', undefined, { HOME: dir, KUBECONFIG: file }).getCurrentContext()).toBe(
      'prod',
    );
  });
});
