import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact, Finding, Fix } from '../../../../core/finding.ts';
import type { Pod } from '../../../../schemas/kube.ts';
import { isReady } from '../../../labels/labels-finding.ts';
import { canaryFinding, canaryPass, refOf } from '../../canary-finding.ts';
import type { CanaryInput, CanaryVersion } from '../../canary-input.ts';
import { flaggerOf } from '../controller/controller-state.ts';
import { parseFlaggerEvent } from '../controller/parse-flagger-event.ts';

// Why a version's pods are not ready, worst first: what kubectl describe would make a person read.

export type PodTrouble = {
  readonly pod: Pod;
  readonly container: string | undefined;
  /** CrashLoopBackOff, ImagePullBackOff, OOMKilled, `readiness probe failing`, Pending … */
  readonly reason: string;
  /** Last termination reason when it adds something (CrashLoopBackOff after OOMKilled). */
  readonly lastTerminated: string | undefined;
  readonly restarts: number;
  readonly rank: number;
};

// Lower is worse: a container killed for memory or crashing says more than one not yet pulled.
const rankOf = (reason: string): number => {
  if (reason === 'OOMKilled') return 0;
  if (reason === 'CrashLoopBackOff') return 1;
  if (reason === 'ImagePullBackOff' || reason === 'ErrImagePull' || reason === 'InvalidImageName') return 2;
  if (reason.startsWith('CreateContainer') || reason === 'RunContainerError') return 3;
  if (reason === 'Error') return 4;
  if (reason === 'readiness probe failing') return 6;
  return 5;
};

const restartsOf = (pod: Pod): number =>
  (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);

/** The reason one pod is not ready; undefined when it is Ready. */
export function podTrouble(pod: Pod): PodTrouble | undefined {
  if (isReady(pod)) return undefined;
  const restarts = restartsOf(pod);
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  let worst: PodTrouble | undefined;
  for (const s of statuses) {
    const last = s.lastState?.terminated?.reason ?? undefined;
    // An init container that ran to completion (istio-init, istio-validation) is how it should be.
    const completed = s.state?.terminated?.reason === 'Completed';
    const current =
      s.state?.waiting?.reason ?? (completed ? undefined : s.state?.terminated?.reason) ?? undefined;
    // A running container that is not ready is failing its readiness probe (or still starting).
    const reason =
      last === 'OOMKilled' && current !== undefined && current !== 'CrashLoopBackOff'
        ? 'OOMKilled'
        : (current ?? (s.state?.running && s.ready === false ? 'readiness probe failing' : undefined));
    if (!reason) continue;
    const t: PodTrouble = {
      pod,
      container: s.name,
      reason,
      lastTerminated: last && last !== reason ? last : undefined,
      restarts,
      rank: Math.min(rankOf(reason), last === 'OOMKilled' ? 0 : 9),
    };
    if (!worst || t.rank < worst.rank) worst = t;
  }
  return (
    worst ?? {
      pod,
      container: undefined,
      reason: pod.status?.phase && pod.status.phase !== 'Running' ? pod.status.phase : 'not Ready',
      lastTerminated: undefined,
      restarts,
      rank: 7,
    }
  );
}

export function describeTrouble(t: PodTrouble): string {
  const where = t.container ? ` in container ${t.container}` : '';
  const last = t.lastTerminated ? ` (last exit: ${t.lastTerminated})` : '';
  const restarts = t.restarts > 0 ? `, ${t.restarts} restart${t.restarts === 1 ? '' : 's'}` : '';
  return `${t.reason}${where}${last}${restarts}`;
}

/** How ready a version is, from its workload's counts and its pods. */
export function readiness(v: CanaryVersion): {
  readonly desired: number;
  readonly ready: number;
  readonly troubles: readonly PodTrouble[];
  readonly notReady: boolean;
  readonly restarts: number;
} {
  const troubles = v.pods
    .map(podTrouble)
    .filter((t) => t !== undefined)
    .sort((a, b) => a.rank - b.rank);
  const podsReady = v.pods.filter(isReady).length;
  const desired = v.workload?.desired ?? v.pods.length;
  // The workload's count can lag its pods (or, in saved files, contradict them): the lower one is said.
  const ready =
    v.pods.length > 0 ? Math.min(v.workload?.ready ?? podsReady, podsReady) : (v.workload?.ready ?? 0);
  return {
    desired,
    ready,
    troubles,
    notReady: troubles.length > 0 || ready < desired,
    restarts: v.pods.reduce((n, p) => n + restartsOf(p), 0),
  };
}

/** The subject of a version's findings: its workload, else its Service, else the app. */
export function versionRef(input: CanaryInput, v: CanaryVersion) {
  if (v.workload) return refOf(v.workload.kind, v.workload.object);
  if (v.service) return refOf('Service', v.service);
  return { kind: 'App', namespace: input.namespace, name: input.app };
}

/** The finding of P01/P02 for one version (null: nothing to judge). */
export function notReadyFinding(
  input: CanaryInput,
  v: CanaryVersion,
  spec: CauseSpec,
  severity: 'error' | 'warning',
  what: string,
): Finding | null {
  if (v.pods.length === 0 && (v.workload?.desired ?? 0) === 0) return null;
  const r = readiness(v);
  const subject = versionRef(input, v);
  if (!r.notReady) {
    return canaryPass(spec, subject, `${what} ${v.name} is ready: ${r.ready}/${r.desired} replicas.`);
  }
  const [worst] = r.troubles;
  const weight = v.effectiveWeight;
  const facts: Fact[] = [
    { label: 'ready', value: `${r.ready}/${r.desired}`, ...(v.workload ? { source: subject } : {}) },
  ];
  if (weight !== undefined) facts.push({ label: 'traffic share', value: `${weight}%` });
  for (const t of r.troubles.slice(0, 3)) {
    facts.push({
      label: 'pod',
      value: `${t.pod.metadata.name}: ${describeTrouble(t)}`,
      source: refOf('Pod', t.pod),
    });
  }
  if (r.restarts > 0) facts.push({ label: 'restarts', value: String(r.restarts) });
  // Flagger says why it waits in its own words ("… not ready: waiting for rollout to finish: …").
  const flagger = flaggerOf(input);
  const said = flagger?.events
    .map((e) => ({ e, p: parseFlaggerEvent(e.message ?? '') }))
    .find(({ p }) => p.kind === 'not-ready' && (p.which === 'canary') === (v.role === 'canary'));
  if (said && flagger)
    facts.push({ label: 'Flagger', value: said.e.message ?? '', source: refOf('Canary', flagger.canary) });
  const ns = input.namespace;
  const fix: Fix = worst
    ? worst.reason === 'CrashLoopBackOff' || worst.reason === 'OOMKilled' || worst.reason === 'Error'
      ? {
          text: `Read why ${worst.container ?? 'the container'} exits${worst.reason === 'OOMKilled' || worst.lastTerminated === 'OOMKilled' ? ' (it runs out of memory: raise its memory limit or fix the leak)' : ''}:`,
          command: `${input.kubectl} logs ${worst.pod.metadata.name} -n ${ns}${worst.container ? ` -c ${worst.container}` : ''} --previous`,
        }
      : {
          text: `See the pod's events (${worst.reason}):`,
          command: `${input.kubectl} describe pod ${worst.pod.metadata.name} -n ${ns}`,
        }
    : {
        text: 'See why the workload has fewer ready replicas than desired:',
        command: `${input.kubectl} describe ${v.workload?.kind.toLowerCase() ?? 'deployment'} ${v.workload?.object.metadata.name ?? v.name} -n ${ns}`,
      };
  const share = weight !== undefined ? ` while it receives ${weight}% of the traffic` : '';
  return canaryFinding(spec, {
    severity,
    subject,
    message: `${what} ${v.name} is not ready: ${r.ready}/${r.desired} replicas ready${worst ? `, worst pod ${worst.pod.metadata.name}: ${describeTrouble(worst)}` : ''}${share}.`,
    facts,
    fix,
  });
}
