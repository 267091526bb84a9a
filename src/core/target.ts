import { z } from 'zod';
import type { WorkloadKind } from './kube-reader.ts';

// Kubernetes name rules: namespaces are DNS-1123 labels, pods and workloads DNS-1123 subdomains.
export const dnsLabel = z
  .string()
  .max(63, 'is longer than 63 characters')
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be lowercase letters, digits and "-", starting and ending with a letter or digit',
  );
export const dnsSubdomain = z
  .string()
  .max(253, 'is longer than 253 characters')
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    'must be lowercase letters, digits, "-" and "."',
  );

export type PodTarget = { kind: 'pod'; namespace: string; name: string };
export type WorkloadTarget = { kind: WorkloadKind; namespace: string; name: string };
export type InjectionTarget = PodTarget | WorkloadTarget;

const kindAliases: Record<string, WorkloadKind | 'pod'> = {
  pod: 'pod',
  pods: 'pod',
  po: 'pod',
  deploy: 'deployment',
  deployment: 'deployment',
  deployments: 'deployment',
  sts: 'statefulset',
  statefulset: 'statefulset',
  statefulsets: 'statefulset',
  ds: 'daemonset',
  daemonset: 'daemonset',
  daemonsets: 'daemonset',
};

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Accepts `<pod> -n <ns>`, `<ns>/<pod>`, istioctl's `<pod>.<ns>` (split at the last dot, as
 * istioctl does, only when -n is not given) and `<kind>/<name>` for deploy, sts and ds.
 */
export function parseInjectionTarget(
  raw: string,
  namespaceFlag: string | undefined,
  defaultNamespace: string,
): ParseResult<InjectionTarget> {
  let kind: WorkloadKind | 'pod' = 'pod';
  let rest = raw;
  const parts = raw.split('/');
  if (parts.length > 3) return { ok: false, error: `"${raw}" has too many "/" separators.` };
  if (parts.length === 3) {
    // <kind>/<ns>/<name> is not a kubectl form; reject rather than guess.
    return { ok: false, error: `"${raw}": use <kind>/<name> -n <namespace> or <namespace>/<pod>.` };
  }
  let namespace = namespaceFlag;
  if (parts.length === 2) {
    const [head, tail] = parts as [string, string];
    const alias = kindAliases[head.toLowerCase()];
    if (alias) {
      kind = alias;
      rest = tail;
    } else {
      if (namespaceFlag && namespaceFlag !== head) {
        return { ok: false, error: `"${raw}" names namespace "${head}" but -n says "${namespaceFlag}".` };
      }
      namespace = head;
      rest = tail;
    }
  }
  if (namespace === undefined && kind === 'pod' && rest.includes('.')) {
    const dot = rest.lastIndexOf('.');
    namespace = rest.slice(dot + 1);
    rest = rest.slice(0, dot);
  }
  namespace ??= defaultNamespace;
  const ns = dnsLabel.safeParse(namespace);
  if (!ns.success)
    return {
      ok: false,
      error: `Namespace "${clip(namespace)}" ${ns.error.issues[0]?.message ?? 'is not a valid name'}.`,
    };
  const name = dnsSubdomain.safeParse(rest);
  if (!name.success)
    return {
      ok: false,
      error: `${kind === 'pod' ? 'Pod' : 'Workload'} name "${clip(rest)}" ${name.error.issues[0]?.message ?? 'is not a valid name'}.`,
    };
  return {
    ok: true,
    value: kind === 'pod' ? { kind, namespace, name: rest } : { kind, namespace, name: rest },
  };
}

export function formatTarget(target: InjectionTarget): string {
  return target.kind === 'pod'
    ? `${target.namespace}/${target.name}`
    : `${target.kind}/${target.name} -n ${target.namespace}`;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
