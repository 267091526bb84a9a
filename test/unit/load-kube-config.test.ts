import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshdocError } from '../../src/errors.ts';
import type { KubeConfig } from '../../src/gatherers/kube/kube-config.ts';
import { LiveKubeReader } from '../../src/gatherers/kube/live-kube-reader.ts';
import { loadKubeConfig } from '../../src/gatherers/kube/load-kube-config.ts';
import { FakeKubeApi } from '../helpers/fake-kube-api.ts';

function kubeconfig(contexts: string[], server = 'https://127.0.0.1:6443', user = '{token: t}'): string {
  const named = (kind: string, body: string) =>
    contexts.map((c) => `- name: ${c}\n  ${kind}: ${body}`).join('\n');
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters:\n${named('cluster', `{server: "${server}"}`)}`,
    `users:\n${named('user', user)}`,
    `contexts:\n${contexts.map((c) => `- name: ${c}\n  context: {cluster: ${c}, user: ${c}}`).join('\n')}`,
    `current-context: ${contexts[0]}`,
  ].join('\n');
}

async function caught(run: () => Promise<unknown>): Promise<MeshdocError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof MeshdocError) return error;
    throw error;
  }
  throw new Error('expected a MeshdocError');
}

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadKubeConfig --context errors (issue 9)', () => {
  it('with no kubeconfig anywhere, says so and where it looked, never a library placeholder', async () => {
    const home = tmp('meshdoc-home-');
    const error = await caught(() => loadKubeConfig('prod', undefined, { HOME: home }));
    expect(error.userMessage).toBe('No kubeconfig found, so there is no context "prod".');
    expect(error.hint).toContain(join(home, '.kube', 'config'));
    expect(error.hint).toContain('KUBECONFIG is unset');
    expect(`${error.userMessage} ${error.hint}`).not.toContain('loaded-context');
  });

  it('names the KUBECONFIG files it looked for when none of them exists', async () => {
    const home = tmp('meshdoc-home-');
    const error = await caught(() =>
      loadKubeConfig('prod', undefined, { HOME: home, KUBECONFIG: '/nowhere/a.yaml' }),
    );
    expect(error.hint).toContain('KUBECONFIG (/nowhere/a.yaml)');
  });

  it('lists the real contexts when the kubeconfig lacks the one asked for', async () => {
    const home = tmp('meshdoc-home-');
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), kubeconfig(['staging', 'dev']));
    const error = await caught(() => loadKubeConfig('prod', undefined, { HOME: home }));
    expect(error.userMessage).toBe('No context "prod" in the kubeconfig.');
    expect(error.hint).toBe('Known contexts: staging, dev');
  });

  it('selects a context that exists', async () => {
    const dir = tmp('meshdoc-kc-');
    const file = write(dir, 'config', kubeconfig(['staging', 'prod']));
    const kc = await loadKubeConfig('prod', undefined, { HOME: dir, KUBECONFIG: file });
    expect(kc.context).toBe('prod');
    expect(kc.contexts).toEqual(['staging', 'prod']);
  });

  it('a current-context that names nothing, or a context whose cluster is missing, is said as such', async () => {
    const dir = tmp('meshdoc-kc-');
    const dangling = write(
      dir,
      'dangling',
      `${kubeconfig(['a'])}\n`.replace('current-context: a', 'current-context: gone'),
    );
    expect((await caught(() => loadKubeConfig(undefined, dangling, {}))).userMessage).toBe(
      'The kubeconfig\'s current-context "gone" is not one of its contexts.',
    );
    const noCluster = write(
      dir,
      'nocluster',
      'contexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n',
    );
    expect((await caught(() => loadKubeConfig(undefined, noCluster, {}))).userMessage).toBe(
      'Context "x" names cluster "c", which the kubeconfig does not define.',
    );
    const noCurrent = write(dir, 'nocurrent', 'contexts: [{name: x, context: {cluster: c}}]\n');
    const error = await caught(() => loadKubeConfig(undefined, noCurrent, {}));
    expect(error.userMessage).toContain('sets no current-context');
    expect(error.hint).toContain('Known contexts: x');
    const badServer = write(
      dir,
      'badserver',
      'clusters: [{name: c, cluster: {server: "ftp://x"}}]\ncontexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n',
    );
    expect((await caught(() => loadKubeConfig(undefined, badServer, {}))).userMessage).toBe(
      'Cluster "c" in the kubeconfig has a server address with scheme ftp: (only https: and http: work).',
    );
  });
});

describe('loadKubeConfig reads files as kubectl does (issue 9: meshdoc reads its kubeconfig itself)', () => {
  it('merges KUBECONFIG files: the first definition of each name and the first current-context win', async () => {
    const dir = tmp('meshdoc-kc-');
    const a = write(dir, 'a', kubeconfig(['shared'], 'https://first:6443'));
    const b = write(
      dir,
      'b',
      `${kubeconfig(['shared', 'only-b'], 'https://second:6443')}`.replace(
        'current-context: shared',
        'current-context: only-b',
      ),
    );
    const kc = await loadKubeConfig(undefined, undefined, { KUBECONFIG: `${a}:${b}:/missing/c` });
    expect(kc.context).toBe('shared');
    expect(kc.cluster.server).toBe('https://first:6443');
    expect(kc.contexts).toEqual(['shared', 'only-b']);
    expect((await loadKubeConfig('only-b', undefined, { KUBECONFIG: `${a}:${b}` })).cluster.server).toBe(
      'https://second:6443',
    );
  });

  it("takes relative certificate, key, token-file and exec paths from the kubeconfig's folder", async () => {
    const dir = tmp('meshdoc-kc-');
    const file = write(
      dir,
      'config',
      `clusters: [{name: c, cluster: {server: "https://k:6443", certificate-authority: pki/ca.crt, tls-server-name: kubernetes}}]
users: [{name: u, user: {client-certificate: pki/u.crt, client-key: /abs/u.key, tokenFile: tok, exec: {command: ./bin/cred, apiVersion: client.authentication.k8s.io/v1}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
    );
    const kc = await loadKubeConfig(undefined, file, {});
    expect(kc.cluster).toMatchObject({ caFile: join(dir, 'pki/ca.crt'), tlsServerName: 'kubernetes' });
    expect(kc.user).toMatchObject({
      certFile: join(dir, 'pki/u.crt'),
      keyFile: '/abs/u.key',
      tokenFile: join(dir, 'tok'),
      exec: { command: join(dir, 'bin/cred') },
    });
  });

  it('reads a JSON kubeconfig, and decodes the -data fields', async () => {
    const dir = tmp('meshdoc-kc-');
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const file = write(
      dir,
      'config.json',
      JSON.stringify({
        clusters: [
          {
            name: 'c',
            cluster: {
              server: 'https://k',
              'certificate-authority-data': Buffer.from(pem).toString('base64'),
            },
          },
        ],
        contexts: [{ name: 'x', context: { cluster: 'c' } }],
        'current-context': 'x',
      }),
    );
    const kc = await loadKubeConfig(undefined, file, {});
    expect(kc.cluster.caData).toBe(pem);
    expect(kc.user).toBeUndefined();
  });

  it('in a pod with no kubeconfig, uses the service account, like client-go', async () => {
    const sa = tmp('meshdoc-sa-');
    write(sa, 'token', 'sa-token');
    const kc = await loadKubeConfig(
      undefined,
      undefined,
      { HOME: tmp('meshdoc-home-'), KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
      sa,
    );
    expect(kc.context).toBeUndefined();
    expect(kc.cluster).toMatchObject({ server: 'https://[fd00::1]:443', caFile: join(sa, 'ca.crt') });
    expect(kc.user?.tokenFile).toBe(join(sa, 'token'));
  });
});

describe('loadKubeConfig on hostile files (issue 9)', () => {
  const cases: [string, () => string, RegExp][] = [
    ['/dev/zero', () => '/dev/zero', /^The kubeconfig "\/dev\/zero" is a device or socket, not a file\.$/],
    ['a folder', () => tmp('meshdoc-kc-'), /is a directory\.$/],
    ['a binary file', () => write(tmp('meshdoc-kc-'), 'bin', 'a\u0000b'), /is a binary file\.$/],
    [
      'a YAML alias bomb (12 levels of 10)',
      () => {
        const keys = 'abcdefghijkl'.split('');
        const lines = keys.map((k, i) =>
          i === 0
            ? `${k}: &${k} [${Array(10).fill('x').join(', ')}]`
            : `${k}: &${k} [${Array(10)
                .fill(`*${keys[i - 1]}`)
                .join(', ')}]`,
        );
        return write(tmp('meshdoc-kc-'), 'bomb', lines.join('\n'));
      },
      /^The kubeconfig ".*" is not valid YAML \(.*alias/i,
    ],
    ['not YAML', () => write(tmp('meshdoc-kc-'), 'bad', 'clusters: [\n'), /is not valid YAML/],
    [
      'the wrong shape',
      () => write(tmp('meshdoc-kc-'), 'shape', 'clusters: 3\n'),
      /is not a kubeconfig \(.*at clusters\)\.$/,
    ],
    ['/etc/passwd', () => '/etc/passwd', /^The kubeconfig "\/etc\/passwd" is /],
  ];
  for (const [name, path, message] of cases) {
    it(`${name}: one sentence, no stack`, async () => {
      const error = await caught(() => loadKubeConfig(undefined, path(), {}));
      expect(error.code).toBe('bad_input_file');
      expect(error.userMessage).toMatch(message);
    });
  }

  it('a file larger than 4 MiB is refused while reading, and a FIFO is read', async () => {
    const big = write(tmp('meshdoc-kc-'), 'big', `# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    expect((await caught(() => loadKubeConfig(undefined, big, {}))).userMessage).toMatch(
      /is larger than 4096 KiB/,
    );
    const dir = tmp('meshdoc-kc-');
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // Another process writes, as the shell does for KUBECONFIG=<(…); the read blocks until it opens.
    const source = write(dir, 'source', kubeconfig(['piped']));
    const writer = spawn('sh', ['-c', `cat "${source}" > "${fifo}"`], { stdio: 'ignore' });
    const kc = await loadKubeConfig(undefined, fifo, {});
    await new Promise((resolve) => writer.once('exit', resolve));
    expect(kc.context).toBe('piped');
  });
});

describe('credentials reach the API server (issue 9)', () => {
  let api: FakeKubeApi;
  let server: string;
  beforeAll(async () => {
    api = new FakeKubeApi({
      objects: [{ kind: 'Namespace', metadata: { name: 'shop' } }],
    });
    server = await api.start();
  });
  afterAll(() => api.stop());

  async function headersFor(user: string, env: NodeJS.ProcessEnv = {}) {
    const dir = tmp('meshdoc-kc-');
    const file = write(dir, 'config', kubeconfig(['x'], server, user));
    const kc: KubeConfig = await loadKubeConfig(undefined, file, env);
    const before = api.headers.length;
    await new LiveKubeReader({ kubeConfig: kc, timeoutMs: 5000 }).get('namespace', undefined, 'shop');
    return api.headers.slice(before);
  }

  it('a token, basic auth and impersonation', async () => {
    expect((await headersFor('{token: abc}'))[0]?.authorization).toBe('Bearer abc');
    expect((await headersFor('{username: u, password: p}'))[0]?.authorization).toBe(
      `Basic ${Buffer.from('u:p').toString('base64')}`,
    );
    const h = (await headersFor('{token: abc, as: jane, as-groups: [sre, oncall]}'))[0];
    expect(h?.['impersonate-user']).toBe('jane');
    expect(h?.['impersonate-group']).toBe('sre, oncall');
  });

  it('a token file, read when connecting', async () => {
    const dir = tmp('meshdoc-kc-');
    write(dir, 'tok', 'from-file\n');
    expect((await headersFor(`{tokenFile: ${join(dir, 'tok')}}`))[0]?.authorization).toBe('Bearer from-file');
  });

  it('an exec plugin: run once per connection with KUBERNETES_EXEC_INFO and its env, its token sent', async () => {
    const dir = tmp('meshdoc-kc-');
    const plugin = write(
      dir,
      'cred',
      `#!/bin/sh
echo "$KUBERNETES_EXEC_INFO" > "${dir}/info.json"
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$PLUGIN_TOKEN"
`,
    );
    chmodSync(plugin, 0o755);
    const user = `{exec: {command: ${plugin}, apiVersion: client.authentication.k8s.io/v1, env: [{name: PLUGIN_TOKEN, value: from-plugin}], provideClusterInfo: true}}`;
    expect((await headersFor(user, { PATH: process.env.PATH }))[0]?.authorization).toBe('Bearer from-plugin');
    const info = JSON.parse((await import('node:fs')).readFileSync(join(dir, 'info.json'), 'utf8')) as {
      spec: { interactive: boolean; cluster: { server: string } };
    };
    expect(info.spec.interactive).toBe(false);
    expect(info.spec.cluster.server).toBe(server);
  });

  it('an exec plugin that is missing, fails or prints nothing useful: one sentence each', async () => {
    const dir = tmp('meshdoc-kc-');
    const failing = write(dir, 'fail', '#!/bin/sh\necho "error: token expired, run login" >&2\nexit 3\n');
    const silent = write(dir, 'silent', '#!/bin/sh\necho not-json\n');
    chmodSync(failing, 0o755);
    chmodSync(silent, 0o755);
    const reasons: string[] = [];
    for (const user of [
      '{exec: {command: gke-gcloud-auth-plugin-missing, installHint: "Install gke-gcloud-auth-plugin."}}',
      `{exec: {command: ${failing}}}`,
      `{exec: {command: ${silent}}}`,
      '{auth-provider: {name: gcp, config: {}}}',
    ]) {
      const error = await caught(() => headersFor(user, { PATH: process.env.PATH }));
      reasons.push(`${error.code}: ${error.userMessage} | ${error.hint ?? ''}`);
    }
    expect(reasons[0]).toBe(
      'unauthorized: The kubeconfig\'s exec plugin "gke-gcloud-auth-plugin-missing" is not installed (not found on PATH). | Install gke-gcloud-auth-plugin.',
    );
    expect(reasons[1]).toContain('failed (exit 3): error: token expired, run login');
    expect(reasons[2]).toContain('did not print an ExecCredential');
    expect(reasons[3]).toContain('kubectl itself dropped the gcp auth-provider in 1.26');
  });

  it('a SOCKS proxy-url is refused by name rather than bypassed', async () => {
    const dir = tmp('meshdoc-kc-');
    const file = write(
      dir,
      'config',
      `clusters: [{name: c, cluster: {server: "${server}", proxy-url: "socks5://127.0.0.1:1080"}}]\ncontexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n`,
    );
    const kc = await loadKubeConfig(undefined, file, {});
    const error = await caught(() =>
      new LiveKubeReader({ kubeConfig: kc, timeoutMs: 5000 }).get('namespace', undefined, 'shop'),
    );
    expect(error.userMessage).toContain('goes through a socks5 proxy');
  });
});
