import type { Fix } from '../../core/finding.ts';
import type { WorkloadRef } from '../../kube/owning-workload.ts';

// Copy-paste fix commands. meshdoc never runs them: it is read-only by design.

export type FixContext = {
  kubectl: string;
  namespace: string;
  podName: string;
  workload: WorkloadRef | undefined;
};

/** How to get a fresh pod so the webhook runs again (injection happens only on CREATE). */
export function restartCommand(ctx: FixContext): string {
  const { kubectl, namespace, workload, podName } = ctx;
  if (workload && workload.kind !== 'replicaset') {
    return `${kubectl} rollout restart ${workload.kind}/${workload.name} -n ${namespace}`;
  }
  return `${kubectl} get pod ${podName} -n ${namespace} -o yaml | ${kubectl} replace --force -f -`;
}

export function labelNamespace(ctx: FixContext, labels: string): string {
  return `${ctx.kubectl} label namespace ${ctx.namespace} ${labels}`;
}

/** Label then restart: both are needed, because existing pods are never mutated. */
export function labelAndRestart(ctx: FixContext, labels: string, why: string): Fix {
  return {
    text: `${why} Then restart the workload so its pods are recreated through the webhook.`,
    command: `${labelNamespace(ctx, labels)} && ${restartCommand(ctx)}`,
  };
}

function templatePath(field: 'labels' | 'annotations', key: string): string {
  return `/spec/template/metadata/${field}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** Removes a pod-template label or annotation (JSON patch), or says how for a bare pod. */
export function removeTemplateField(ctx: FixContext, field: 'labels' | 'annotations', key: string): Fix {
  const { workload } = ctx;
  if (workload && workload.kind !== 'replicaset') {
    const patch = JSON.stringify([{ op: 'remove', path: templatePath(field, key) }]);
    return {
      text: `Remove the ${field === 'labels' ? 'label' : 'annotation'} ${key} from the pod template (this also restarts the pods).`,
      command: `${ctx.kubectl} patch ${workload.kind}/${workload.name} -n ${ctx.namespace} --type=json -p '${patch}'`,
    };
  }
  return {
    text: `Remove the ${field === 'labels' ? 'label' : 'annotation'} ${key} from the pod's manifest and recreate the pod; a running pod is never injected.`,
  };
}

/** Sets sidecar.istio.io/inject=true on the pod template (explicit opt-in beats policy and selectors). */
export function optInTemplate(ctx: FixContext): Fix {
  const { workload } = ctx;
  if (workload && workload.kind !== 'replicaset') {
    const patch = JSON.stringify({
      spec: { template: { metadata: { labels: { 'sidecar.istio.io/inject': 'true' } } } },
    });
    return {
      text: 'Opt the workload in explicitly with the pod label sidecar.istio.io/inject=true (this also restarts the pods).',
      command: `${ctx.kubectl} patch ${workload.kind}/${workload.name} -n ${ctx.namespace} --type=merge -p '${patch}'`,
    };
  }
  return {
    text: 'Add the label sidecar.istio.io/inject="true" to the pod manifest and recreate the pod.',
  };
}
