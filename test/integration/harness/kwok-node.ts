import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { type Child, startChild, stopChild, waitFor } from './child-processes.ts';
import { freePort } from './free-port.ts';

export type PortForwardRule = { namespace: string; pod: string; port: number; targetPort: number };

/** Port `port` of every pod on the node to 127.0.0.1:<targetPort> (a ClusterPortForward). */
export type AnyPodForwardRule = { port: number; targetPort: number };

export type KwokNode = {
  name: string;
  /** kwok's port, its config and log (removed by stop()). */
  dir: string;
  /** kwok's log, for failure messages. */
  logFile: string;
  stop(): Promise<void>;
};

/**
 * One fake node whose kubelet is kwok: pods scheduled on it (spec.nodeName) become Running with
 * every container "running", and the kubelet's port-forward endpoint — which the API server calls
 * for `pods/portforward` — connects `<pod>:<port>` to 127.0.0.1:<targetPort> on this machine, where a
 * test's stand-in (an Envoy admin API) listens. kwok serves TLS with the given certificate; the API
 * server does not verify kubelet certificates unless told to (--kubelet-certificate-authority).
 */
export async function startKwokNode(options: {
  binDir: string;
  kubeconfig: string;
  admin: KubeConfig;
  certFile: string;
  keyFile: string;
  name: string;
  portForwards: readonly PortForwardRule[];
  /** Forwards for every pod, whatever its name (pods of Deployments, created by hand). */
  anyPodForwards?: readonly AnyPodForwardRule[];
}): Promise<KwokNode> {
  const dir = await mkdtemp(join(tmpdir(), 'meshdoc-kwok-'));
  const config = join(dir, 'kwok.yaml');
  await writeFile(
    config,
    [
      ...stages,
      ...options.portForwards.map(portForward),
      ...(options.anyPodForwards ?? []).map(anyPodForward),
    ].join('---\n'),
  );
  const port = await freePort();
  const logFile = join(dir, 'kwok.log');
  const child: Child = startChild(
    'kwok',
    join(options.binDir, 'kwok'),
    [
      `--kubeconfig=${options.kubeconfig}`,
      `--config=${config}`,
      `--manage-single-node=${options.name}`,
      '--node-ip=127.0.0.1',
      // Pod IPs (istiod finds a proxy's Services by its IP), apart from the Service range 10.0.0.0/24.
      '--cidr=10.244.0.1/16',
      `--node-name=${options.name}`,
      `--node-port=${port}`,
      `--server-address=127.0.0.1:${port}`,
      `--tls-cert-file=${options.certFile}`,
      `--tls-private-key-file=${options.keyFile}`,
      '--node-lease-duration-seconds=40',
    ],
    { logFile },
  );
  const core = options.admin.makeApiClient(CoreV1Api);
  try {
    await core.createNode({
      body: {
        metadata: {
          name: options.name,
          labels: { type: 'kwok' },
          annotations: { 'kwok.x-k8s.io/node': 'fake' },
        },
      },
    });
  } catch (error) {
    if ((error as { code?: number }).code !== 409) {
      await stopChild(child);
      throw error;
    }
  }
  const stop = async () => {
    await core.deleteNode({ name: options.name }).catch(() => undefined);
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      `kwok to report node ${options.name} Ready with its kubelet port`,
      async () => {
        const node = await core.readNode({ name: options.name });
        const ready = node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
        return !!ready && node.status?.daemonEndpoints?.kubeletEndpoint?.Port === port;
      },
      child,
      30_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: options.name, dir, logFile, stop };
}

/** Waits until kwok has marked the pod Running (its stage ran). */
export async function waitForRunning(
  admin: KubeConfig,
  namespace: string,
  name: string,
  node: KwokNode,
): Promise<void> {
  const core = admin.makeApiClient(CoreV1Api);
  await waitFor(
    `pod ${namespace}/${name} Running on ${node.name} (kwok log: ${node.logFile})`,
    async () => (await core.readNamespacedPod({ name, namespace })).status?.phase === 'Running',
    undefined,
    30_000,
  );
}

function portForward(rule: PortForwardRule): string {
  return `apiVersion: kwok.x-k8s.io/v1alpha1
kind: PortForward
metadata:
  name: ${rule.pod}
  namespace: ${rule.namespace}
spec:
  forwards:
    - ports: [${rule.port}]
      target:
        address: 127.0.0.1
        port: ${rule.targetPort}
`;
}

function anyPodForward(rule: AnyPodForwardRule): string {
  return `apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterPortForward
metadata:
  name: any-pod-${rule.port}
spec:
  selector: {}
  forwards:
    - ports: [${rule.port}]
      target:
        address: 127.0.0.1
        port: ${rule.targetPort}
`;
}

// kwok does only what its Stages say. Three, written for these tests: the node becomes Ready with
// an InternalIP and kubelet port (which the API server dials for port-forward), pods become Running
// (native sidecars, i.e. init containers with restartPolicy Always, keep running; other init
// containers complete), and deleted pods go away.
const stages = [
  `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: meshdoc-node-ready
spec:
  resourceRef:
    apiGroup: v1
    kind: Node
  selector:
    matchExpressions:
      - key: '.status.phase'
        operator: 'DoesNotExist'
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
        - type: Ready
          status: "True"
          reason: KubeletReady
          message: kwok plays this node's kubelet
          lastHeartbeatTime: {{ $now | Quote }}
          lastTransitionTime: {{ $now | Quote }}
      addresses:
        - type: InternalIP
          address: {{ NodeIP | Quote }}
      daemonEndpoints:
        kubeletEndpoint:
          Port: {{ NodePort }}
      allocatable: {cpu: "32", memory: 64Gi, pods: "110"}
      capacity: {cpu: "32", memory: 64Gi, pods: "110"}
      nodeInfo:
        architecture: amd64
        operatingSystem: linux
        kubeletVersion: {{ printf "kwok-%s" Version | Quote }}
        containerRuntimeVersion: kwok
        kernelVersion: kwok
        kubeProxyVersion: kwok
        osImage: kwok
        machineID: ""
        bootID: ""
        systemUUID: ""
      phase: Running
`,
  `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: meshdoc-pod-running
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
      - key: '.metadata.deletionTimestamp'
        operator: 'DoesNotExist'
      - key: '.status.phase'
        operator: 'In'
        values: ['Pending']
  next:
    statusTemplate: |
      {{ $now := Now }}
      phase: Running
      startTime: {{ $now | Quote }}
      hostIP: {{ NodeIP | Quote }}
      {{ $podIP := PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) }}
      podIP: {{ $podIP | Quote }}
      podIPs: [{ip: {{ $podIP | Quote }}}]
      conditions:
        - {type: Initialized, status: "True", lastTransitionTime: {{ $now | Quote }}}
        - {type: Ready, status: "True", lastTransitionTime: {{ $now | Quote }}}
        - {type: ContainersReady, status: "True", lastTransitionTime: {{ $now | Quote }}}
      containerStatuses:
      {{ range .spec.containers }}
        - name: {{ .name | Quote }}
          image: {{ .image | Quote }}
          imageID: ""
          ready: true
          restartCount: 0
          state:
            running:
              startedAt: {{ $now | Quote }}
      {{ end }}
      initContainerStatuses:
      {{ range .spec.initContainers }}
        - name: {{ .name | Quote }}
          image: {{ .image | Quote }}
          imageID: ""
          ready: true
          restartCount: 0
          {{ if eq .restartPolicy "Always" }}
          started: true
          state:
            running:
              startedAt: {{ $now | Quote }}
          {{ else }}
          state:
            terminated:
              exitCode: 0
              reason: Completed
              startedAt: {{ $now | Quote }}
              finishedAt: {{ $now | Quote }}
          {{ end }}
      {{ end }}
`,
  `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: meshdoc-pod-delete
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
      - key: '.metadata.deletionTimestamp'
        operator: 'Exists'
  next:
    delete: true
`,
];
