import type { ExecConfig } from '../../schemas/kubeconfig.ts';

/**
 * meshdoc's view of a loaded kubeconfig: the one context it will talk to, with the cluster and
 * user that context names, every relative path already made absolute against the file it came
 * from (as kubectl does). `load-kube-config.ts` builds it; `kube-connection.ts` turns it into
 * TLS options and headers. meshdoc reads the kubeconfig itself rather than through
 * @kubernetes/client-node, whose configuration module loads the whole generated API client
 * (about 0.7 s and 90 MiB) for what is a handful of fields.
 */
export type KubeConfig = {
  /** The selected context; undefined when meshdoc runs in a pod with its service account. */
  context: string | undefined;
  /** Every context the kubeconfig defines, for "Known contexts: …". */
  contexts: readonly string[];
  cluster: KubeCluster;
  /** Undefined: anonymous, as kubectl treats a context without a user. */
  user: KubeUser | undefined;
  /** The environment exec plugins inherit (the CLI's or a test's, not necessarily process.env). */
  env: NodeJS.ProcessEnv;
};

export type KubeCluster = {
  name: string;
  server: string;
  /** PEM text from certificate-authority-data, or a file to read. */
  caData?: string;
  caFile?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
};

export type KubeUser = {
  name: string;
  token?: string;
  tokenFile?: string;
  certData?: string;
  certFile?: string;
  keyData?: string;
  keyFile?: string;
  username?: string;
  password?: string;
  impersonate?: string;
  impersonateGroups?: readonly string[];
  authProvider?: { name: string; config: Record<string, string> };
  /** The exec plugin, its command already resolved against the kubeconfig's folder when relative. */
  exec?: ExecConfig;
};

/** How meshdoc names the cluster in messages: the context, or "in-cluster". */
export function clusterLabel(kubeConfig: KubeConfig): string {
  return kubeConfig.context ?? 'in-cluster';
}
