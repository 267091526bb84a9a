import { MeshdocError } from '../../errors.ts';
import { type ExecConfig, ExecCredentialSchema } from '../../schemas/kubeconfig.ts';
import type { KubeCluster } from './kube-config.ts';

export type ExecResult = {
  token?: string;
  certData?: string;
  keyData?: string;
  /** When the credential stops being valid; undefined: until the process ends. */
  expiresAt?: number;
};

/**
 * Runs a kubeconfig's exec credential plugin (gke-gcloud-auth-plugin, aws eks get-token,
 * kubelogin, …) as kubectl does: its own env entries over the caller's environment,
 * KUBERNETES_EXEC_INFO describing the request (never interactive: meshdoc has no terminal to lend
 * it in Slack), and the ExecCredential it prints on stdout. Bounded by `timeoutMs`.
 */
export async function runExecCredential(
  exec: ExecConfig,
  cluster: KubeCluster,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<ExecResult> {
  const apiVersion = exec.apiVersion ?? 'client.authentication.k8s.io/v1';
  if (exec.interactiveMode === 'Always') {
    throw new MeshdocError(
      'unauthorized',
      `The kubeconfig's exec plugin "${exec.command}" needs a terminal (interactiveMode: Always), which meshdoc cannot give it.`,
      { hint: 'Log in with the plugin once in a shell, or use a kubeconfig with a token or certificate.' },
    );
  }
  const info = {
    apiVersion,
    kind: 'ExecCredential',
    spec: {
      interactive: false,
      ...(exec.provideClusterInfo
        ? {
            cluster: {
              server: cluster.server,
              ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
              ...(cluster.caData
                ? { 'certificate-authority-data': Buffer.from(cluster.caData).toString('base64') }
                : {}),
              'insecure-skip-tls-verify': cluster.insecureSkipTlsVerify,
            },
          }
        : {}),
    },
  };
  const childEnv: NodeJS.ProcessEnv = { ...env, KUBERNETES_EXEC_INFO: JSON.stringify(info) };
  for (const e of exec.env ?? []) childEnv[e.name] = e.value;
  // node:child_process loaded here, by the one kubeconfig kind that runs a plugin: its load costs
  // every other CLI start about 8 ms.
  const { execFile } = process.getBuiltinModule('node:child_process');
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      exec.command,
      exec.args ?? [],
      { env: childEnv, timeout: timeoutMs, maxBuffer: 1024 * 1024, encoding: 'utf8' },
      (error, out, err) => {
        if (error) reject(pluginFailed(exec, error, String(err), timeoutMs));
        else resolve(String(out));
      },
    );
  });
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw new MeshdocError(
      'unauthorized',
      `The kubeconfig's exec plugin "${exec.command}" did not print an ExecCredential (its output is not JSON).`,
    );
  }
  const parsed = ExecCredentialSchema.safeParse(json);
  const status = parsed.success ? parsed.data.status : undefined;
  if (!status || (!status.token && !(status.clientCertificateData && status.clientKeyData))) {
    throw new MeshdocError(
      'unauthorized',
      `The kubeconfig's exec plugin "${exec.command}" printed no token and no client certificate.`,
    );
  }
  const expires = status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : Number.NaN;
  return {
    ...(status.token ? { token: status.token } : {}),
    ...(status.clientCertificateData ? { certData: status.clientCertificateData } : {}),
    ...(status.clientKeyData ? { keyData: status.clientKeyData } : {}),
    ...(Number.isFinite(expires) ? { expiresAt: expires } : {}),
  };
}

function pluginFailed(exec: ExecConfig, error: Error, stderr: string, timeoutMs: number): MeshdocError {
  const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null };
  if (e.code === 'ENOENT') {
    return new MeshdocError(
      'unauthorized',
      `The kubeconfig's exec plugin "${exec.command}" is not installed (not found on PATH).`,
      {
        hint:
          exec.installHint?.trim() ||
          'Install the credential plugin the kubeconfig names, or use another context.',
      },
    );
  }
  if (e.killed || e.signal === 'SIGTERM') {
    return new MeshdocError(
      'timeout',
      `The kubeconfig's exec plugin "${exec.command}" did not print a credential within ${timeoutMs} ms.`,
      { hint: 'It may be waiting for a login; run it once in a shell.' },
    );
  }
  const said = stderr.trim().split('\n').filter(Boolean).at(-1)?.slice(0, 300);
  return new MeshdocError(
    'unauthorized',
    `The kubeconfig's exec plugin "${exec.command}" failed${typeof e.code === 'number' ? ` (exit ${e.code})` : ''}${said ? `: ${said}` : '.'}`,
    { hint: 'Run the plugin in a shell to see why, or log in again.' },
  );
}
