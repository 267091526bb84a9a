import type { CauseSpec } from '../../../../core/check.ts';
import type { Finding } from '../../../../core/finding.ts';
import type { HorizontalPodAutoscaler } from '../../../../schemas/kube.ts';
import { canaryFinding, canaryPass, refOf } from '../../canary-finding.ts';
import type { CanaryCheck, CanaryInput } from '../../canary-input.ts';

export const hpaScalingCause: CauseSpec = {
  code: 'MESH0426',
  cause: 'hpa-scaling',
  title: 'P06 · HPA scaling the canary or primary mid-step',
  severities: ['info', 'pass'],
};

/** The workloads of the app an HPA may scale: each version's Deployment, Flagger's target and primary, Argo's Rollout. */
function scaledNames(input: CanaryInput): Set<string> {
  const names = new Set<string>();
  for (const v of [input.canary, input.stable]) {
    if (v?.workload) names.add(v.workload.object.metadata.name);
  }
  const c = input.controller;
  if (c.kind === 'flagger') {
    const target = c.canary.spec.targetRef?.name;
    if (target) {
      names.add(target);
      names.add(`${target}-primary`);
    }
  }
  if (c.kind === 'argo') names.add(c.rollout.metadata.name);
  return names;
}

// An HPA changing replica counts mid-step shifts load between pods and, without traffic
// routing, the weight itself; readiness counts move while pods start. Worth knowing, not wrong.
export const hpaScaling: CanaryCheck = {
  id: 'canary.hpa-scaling',
  area: 'canary',
  title: 'No HPA is scaling the app mid-step',
  needs: ['hpas', 'namespaceDeployments', 'replicaSets', 'flaggerCanaries', 'argoRollouts'],
  emits: [hpaScalingCause],
  run(input) {
    const names = scaledNames(input);
    const hpas = input.hpas.filter((h) => {
      const name = h.spec.scaleTargetRef?.name;
      return name !== undefined && names.has(name);
    });
    if (hpas.length === 0) return [];
    const scaling = hpas.filter(changing);
    if (scaling.length === 0) {
      const [first] = hpas;
      return first
        ? [
            canaryPass(
              hpaScalingCause,
              refOf('HorizontalPodAutoscaler', first),
              `${hpas.length === 1 ? 'The HPA' : `All ${hpas.length} HPAs`} of the app are at their desired replica count.`,
            ),
          ]
        : [];
    }
    return scaling.map(
      (h): Finding =>
        canaryFinding(hpaScalingCause, {
          severity: 'info',
          subject: refOf('HorizontalPodAutoscaler', h),
          message: `HPA ${h.metadata.name} is scaling ${h.spec.scaleTargetRef?.kind ?? 'workload'} ${h.spec.scaleTargetRef?.name} from ${h.status?.currentReplicas} to ${h.status?.desiredReplicas} replicas mid-step: ready counts and per-pod load move while it does.`,
          facts: [
            {
              label: 'current replicas',
              value: String(h.status?.currentReplicas ?? 0),
              source: refOf('HorizontalPodAutoscaler', h),
            },
            { label: 'desired replicas', value: String(h.status?.desiredReplicas ?? 0) },
          ],
          fix: {
            text: 'Nothing to do unless it keeps flapping:',
            command: `${input.kubectl} describe hpa ${h.metadata.name} -n ${input.namespace}`,
          },
        }),
    );
  },
};

const changing = (h: HorizontalPodAutoscaler): boolean => {
  const cur = h.status?.currentReplicas;
  const want = h.status?.desiredReplicas;
  return cur !== undefined && cur !== null && want !== undefined && want !== null && cur !== want;
};
