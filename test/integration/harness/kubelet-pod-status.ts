// The status a kubelet writes for a pod whose containers all run, or whose app container
// crash-loops. The local cluster has no kubelet for pods off the kwok node: the canary tests write
// this themselves so that kube-controller-manager, Flagger and Argo count the pods as a real
// cluster would (Ready, or CrashLoopBackOff with restarts and not Ready).

type Container = { name: string; image?: string };

export function kubeletPodStatus(o: {
  containers: readonly Container[];
  /** The container that crash-loops; every container runs when undefined. */
  crashing?: string;
  /** How many restarts the crash loop has had, and the back-off the kubelet says it waits. */
  restarts?: number;
  backOff?: string;
  /** Whether to say PodScheduled (false for pods bound to no node). */
  scheduled?: boolean;
  now?: string;
}) {
  const now = o.now ?? new Date().toISOString();
  const crash = o.crashing !== undefined;
  const notReady = crash ? { reason: 'ContainersNotReady' } : {};
  const readiness = crash ? 'False' : 'True';
  return {
    phase: 'Running',
    hostIP: '127.0.0.1',
    startTime: now,
    conditions: [
      ...(o.scheduled === false ? [] : [{ type: 'PodScheduled', status: 'True', lastTransitionTime: now }]),
      { type: 'Initialized', status: 'True', lastTransitionTime: now },
      { type: 'ContainersReady', status: readiness, lastTransitionTime: now, ...notReady },
      { type: 'Ready', status: readiness, lastTransitionTime: now, ...notReady },
    ],
    containerStatuses: o.containers.map((c) =>
      c.name === o.crashing
        ? {
            name: c.name,
            image: c.image,
            imageID: '',
            ready: false,
            started: false,
            restartCount: o.restarts ?? 6,
            state: {
              waiting: {
                reason: 'CrashLoopBackOff',
                message: `back-off ${o.backOff ?? '2m40s'} restarting failed container=${c.name}`,
              },
            },
            lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: now, finishedAt: now } },
          }
        : {
            name: c.name,
            image: c.image,
            imageID: '',
            ready: true,
            started: true,
            restartCount: 0,
            state: { running: { startedAt: now } },
          },
    ),
  };
}
