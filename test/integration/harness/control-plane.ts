import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdmissionregistrationV1Api, KubeConfig, VersionApi } from '@kubernetes/client-node';
import { execa } from 'execa';
import { applyManifests } from './apply-manifests.ts';
import { type Child, startChild, stopChild, waitFor } from './child-processes.ts';
import { applyControllerCrds } from './controller-crds.ts';
import { freePort } from './free-port.ts';
import { mintPki } from './mint-pki.ts';

export type ControlPlane = {
  dir: string;
  /** etcd's data directory (in /dev/shm when there is one); removed by stop(). */
  etcdDir: string;
  binDir: string;
  kubeconfigPath: string;
  admin: KubeConfig;
  apiserverUrl: string;
  istioctl: string;
  caCrt: string;
  /** A serving certificate for 127.0.0.1 (the API server's), reused by kwok's kubelet endpoint. */
  servingCrt: string;
  servingKey: string;
  /** istiod's plaintext xDS address (127.0.0.1:<port>), for xdsdump; undefined without istiod. */
  istiodXds: string | undefined;
  stop(): Promise<void>;
};

/**
 * etcd + kube-apiserver (RBAC on, default admission plugins including MutatingAdmissionWebhook)
 * + kube-controller-manager (default ServiceAccounts, ReplicaSets → Pods, EndpointSlices)
 * + istiod out of cluster, its sidecar-injection webhook reached at https://127.0.0.1:<port>/inject,
 * all on loopback with free ports. Istio's own chart, rendered by `istioctl manifest generate`,
 * supplies the CRDs, the `istio` and `istio-sidecar-injector` ConfigMaps and the webhooks.
 * Flagger's and Argo Rollouts' CRDs (controller-crds.ts) are applied too, Established on return.
 */
export async function startControlPlane(
  binDir: string,
  options: { istiod?: boolean } = {},
): Promise<ControlPlane> {
  const dir = await mkdtemp(join(tmpdir(), 'meshdoc-cp-'));
  const logs = join(dir, 'logs');
  await mkdir(logs);
  const children: Child[] = [];
  const etcdData = await mkdtemp(join('/dev/shm', 'meshdoc-etcd-')).catch(() => mkdtemp(join(dir, 'etcd-')));
  // Should the process exit without stop() (a failed test run, Ctrl-C), the children are killed by
  // child-processes' exit hook and etcd's data (memory, in /dev/shm) goes with them here.
  const removeEtcdData = () => rmSync(etcdData, { recursive: true, force: true });
  process.once('exit', removeEtcdData);
  const stop = async () => {
    for (const child of children.reverse()) await stopChild(child);
    await rm(etcdData, { recursive: true, force: true });
    process.off('exit', removeEtcdData);
  };
  try {
    const pki = await mintPki(join(dir, 'pki'));
    const [etcdClient, etcdPeer, apiPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const etcd = startChild(
      'etcd',
      join(binDir, 'etcd'),
      [
        '--name=test',
        `--data-dir=${etcdData}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=test=http://127.0.0.1:${etcdPeer}`,
        '--listen-metrics-urls=',
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      { logFile: join(logs, 'etcd.log') },
    );
    children.push(etcd);
    await waitFor(
      'etcd /health',
      async () => (await fetch(`http://127.0.0.1:${etcdClient}/health`)).ok,
      etcd,
      30_000,
    );

    const apiserverUrl = `https://127.0.0.1:${apiPort}`;
    const apiserver = startChild(
      'kube-apiserver',
      join(binDir, 'kube-apiserver'),
      [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--tls-cert-file=${pki.apiserverCrt}`,
        `--tls-private-key-file=${pki.apiserverKey}`,
        `--client-ca-file=${pki.caCrt}`,
        `--service-account-issuer=${apiserverUrl}`,
        `--service-account-key-file=${pki.saPub}`,
        `--service-account-signing-key-file=${pki.saKey}`,
        '--service-cluster-ip-range=10.0.0.0/24',
        '--authorization-mode=RBAC',
        '--allow-privileged=true',
        '--enable-priority-and-fairness=false',
        '--endpoint-reconciler-type=none',
        '--profiling=false',
      ],
      { logFile: join(logs, 'apiserver.log') },
    );
    children.push(apiserver);
    const kubeconfigPath = join(dir, 'kubeconfig');
    await writeFile(kubeconfigPath, adminKubeconfig(apiserverUrl, pki.caCrt, pki.adminCrt, pki.adminKey));
    const admin = new KubeConfig();
    admin.loadFromFile(kubeconfigPath);
    await waitFor(
      'kube-apiserver /version',
      async () => !!(await admin.makeApiClient(VersionApi).getCode()).gitVersion,
      apiserver,
      90_000,
    );

    // Flagger's and Argo Rollouts' real CRDs (from the Go module cache), applied while
    // kube-controller-manager and istiod start; awaited before the control plane is handed out.
    const controllerCrds = applyControllerCrds(admin);
    controllerCrds.catch(() => undefined); // awaited below; no unhandled rejection meanwhile

    const kcm = startChild(
      'kube-controller-manager',
      join(binDir, 'kube-controller-manager'),
      [
        `--kubeconfig=${kubeconfigPath}`,
        '--secure-port=0',
        '--leader-elect=false',
        `--service-account-private-key-file=${pki.saKey}`,
        `--root-ca-file=${pki.caCrt}`,
        '--use-service-account-credentials=false',
        // No kubelets here: controllers that would evict pods from fake nodes, or manage cloud and volumes, stay off.
        '--controllers=*,-nodelifecycle,-nodeipam,-cloud-node-lifecycle,-route,-service,-persistentvolume-binder,-attachdetach,-persistentvolume-expander,-ttl',
      ],
      { logFile: join(logs, 'kcm.log'), cwd: dir },
    );
    children.push(kcm);

    const istioctl = join(binDir, 'istioctl');
    let istiodXds: string | undefined;
    if (options.istiod !== false) {
      const istiod = await startIstiod(
        binDir,
        dir,
        kubeconfigPath,
        admin,
        pki.istiodCrt,
        pki.istiodKey,
        pki.caCrt,
        logs,
      );
      children.push(istiod.child);
      istiodXds = istiod.xds;
    }
    const crds = await controllerCrds;
    process.stderr.write(
      `[control-plane] ${crds.crds.length} Flagger/Argo Rollouts CRDs established in ${crds.ms} ms\n`,
    );
    return {
      dir,
      etcdDir: etcdData,
      binDir,
      kubeconfigPath,
      admin,
      apiserverUrl,
      istioctl,
      caCrt: pki.caCrt,
      servingCrt: pki.apiserverCrt,
      servingKey: pki.apiserverKey,
      istiodXds,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startIstiod(
  binDir: string,
  dir: string,
  kubeconfig: string,
  admin: KubeConfig,
  crt: string,
  key: string,
  ca: string,
  logs: string,
): Promise<{ child: Child; xds: string }> {
  const [https, http, grpc, sgrpc, mon] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const rendered = await execa(join(binDir, 'istioctl'), [
    'manifest',
    'generate',
    '--set',
    'profile=minimal',
    '--set',
    'values.global.istioNamespace=istio-system',
    '--set',
    'values.defaultRevision=default',
    // Services cannot point at loopback, so the webhooks use URLs (the istiodRemote chart values).
    '--set',
    `values.istiodRemote.injectionURL=https://127.0.0.1:${https}/inject`,
    '--set',
    `values.base.validationURL=https://127.0.0.1:${https}/validate`,
  ]);
  await writeFile(join(dir, 'istio.yaml'), rendered.stdout);
  await applyManifests(admin, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system\n');
  // istiod itself runs on this machine, not as a Deployment.
  await applyManifests(admin, rendered.stdout, {
    skipKinds: ['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget'],
  });
  const cwd = join(dir, 'istiod-cwd');
  await mkdir(cwd);
  const istiod = startChild(
    'istiod',
    join(binDir, 'pilot-discovery'),
    [
      'discovery',
      '--kubeconfig',
      kubeconfig,
      '--httpAddr',
      `127.0.0.1:${http}`,
      '--httpsAddr',
      `127.0.0.1:${https}`,
      '--grpcAddr',
      `127.0.0.1:${grpc}`,
      '--secureGRPCAddr',
      `127.0.0.1:${sgrpc}`,
      '--monitoringAddr',
      `127.0.0.1:${mon}`,
      '--tlsCertFile',
      crt,
      '--tlsKeyFile',
      key,
      '--caCertFile',
      ca,
    ],
    {
      logFile: join(logs, 'istiod.log'),
      cwd,
      env: {
        POD_NAMESPACE: 'istio-system',
        POD_NAME: 'istiod-local',
        REVISION: 'default',
        PILOT_CERT_PROVIDER: 'istiod',
        CLUSTER_ID: 'Kubernetes',
      },
    },
  );
  await waitFor(
    'istiod /ready',
    async () => (await fetch(`http://127.0.0.1:${http}/ready`)).ok,
    istiod,
    120_000,
  );
  const caPem = await readFile(ca);
  await waitFor(
    'istiod serving /inject with the test CA',
    () => httpsAnswers(`https://127.0.0.1:${https}/inject`, caPem),
    istiod,
    60_000,
  );
  // istiod's webhook patcher fills in caBundle; until then the API server cannot call it.
  const admission = admin.makeApiClient(AdmissionregistrationV1Api);
  await waitFor(
    'caBundle on istio-sidecar-injector',
    async () => {
      const mwc = await admission.readMutatingWebhookConfiguration({ name: 'istio-sidecar-injector' });
      return (mwc.webhooks ?? []).every((w) => !!w.clientConfig.caBundle);
    },
    istiod,
    60_000,
  );
  return { child: istiod, xds: `127.0.0.1:${grpc}` };
}

function httpsAnswers(url: string, ca: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', ca, timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.end('{}');
  });
}

function adminKubeconfig(server: string, ca: string, crt: string, key: string): string {
  return `apiVersion: v1
kind: Config
clusters: [{name: meshdoc-test, cluster: {server: "${server}", certificate-authority: ${ca}}}]
users: [{name: admin, user: {client-certificate: ${crt}, client-key: ${key}}}]
contexts: [{name: meshdoc-test, context: {cluster: meshdoc-test, user: admin}}]
current-context: meshdoc-test
`;
}
