import type * as z from 'zod/mini';
import { dns1035Label, dnsLabel, dnsSubdomain, labelValue } from './kube-names.ts';
import type { Target, TargetKind, TargetOf } from './target.ts';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export type TargetRequest<K extends TargetKind> = {
  /** The kinds the command accepts; a bare name means the first of pod, app, service, namespace among them. */
  kinds: readonly K[];
  namespaceFlag: string | undefined;
  defaultNamespace: string;
  /** The command's name, for "labels takes a service or app, not a pod." */
  command?: string;
  /** Replaces "<command> takes …" in that message, e.g. "Envoy runs in pods: name a pod". */
  refusal?: string;
};

// kubectl's spellings. As in kubectl, a kind prefix wins over a namespace of the same name.
const kindAliases: Record<string, TargetKind> = {
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
  svc: 'service',
  service: 'service',
  services: 'service',
  app: 'app',
  ns: 'namespace',
  namespace: 'namespace',
  namespaces: 'namespace',
};

const bareKindOrder: readonly TargetKind[] = ['pod', 'app', 'service', 'namespace'];

const nameRules: Record<Exclude<TargetKind, 'namespace'>, { what: string; schema: z.ZodMiniString }> = {
  pod: { what: 'Pod name', schema: dnsSubdomain },
  deployment: { what: 'Workload name', schema: dnsSubdomain },
  statefulset: { what: 'Workload name', schema: dnsSubdomain },
  daemonset: { what: 'Workload name', schema: dnsSubdomain },
  service: { what: 'Service name', schema: dns1035Label },
  app: { what: 'App label value', schema: labelValue },
};

/**
 * Parses what a command is about: `<name>` (the command's default kind), `<ns>/<pod>`,
 * istioctl's `<pod>.<ns>` (split at the last dot, only when -n is not given), and
 * `<kind>/<name>` for pod, deploy, sts, ds, svc/service, app and ns/namespace. Every name is
 * checked against the Kubernetes rules for its kind before anything reads the cluster.
 */
export function parseTarget<K extends TargetKind>(
  raw: string,
  request: TargetRequest<K>,
): ParseResult<TargetOf<K>> {
  const { namespaceFlag } = request;
  const parts = raw.split('/');
  if (parts.length > 3) return fail(`"${raw}" has too many "/" separators.`);
  if (parts.length === 3) {
    // <kind>/<ns>/<name> is not a kubectl form; reject rather than guess.
    return fail(`"${raw}": use <kind>/<name> -n <namespace> or <namespace>/<pod>.`);
  }
  let kind: TargetKind | undefined;
  /** `<ns>/<name>`: the head was a namespace, not a kind. */
  let namespaced = false;
  let namespace = namespaceFlag;
  let rest = raw;
  if (parts.length === 2) {
    const [head, tail] = parts as [string, string];
    kind = kindAliases[head.toLowerCase()];
    if (!kind) {
      if (namespaceFlag && namespaceFlag !== head)
        return fail(`"${raw}" names namespace "${head}" but -n says "${namespaceFlag}".`);
      namespace = head;
      namespaced = true;
    }
    rest = tail;
  }
  kind ??= bareKindOrder.find((k) => (request.kinds as readonly TargetKind[]).includes(k)) ?? 'pod';
  if (!(request.kinds as readonly TargetKind[]).includes(kind)) return fail(refusal(request, kind));
  if (kind === 'namespace') {
    if (namespaced) return fail(`"${raw}": name the namespace alone, or as ns/<name>.`);
    if (namespace !== undefined && namespace !== rest)
      return fail(`"${raw}" names namespace "${rest}" but -n says "${namespace}".`);
    const bad = invalid(dnsLabel, rest, 'Namespace');
    return bad ? fail(bad) : ok({ kind, name: rest });
  }
  // istioctl's `<pod>.<ns>`, and `<service>.<ns>` (a Service name has no dot of its own).
  if (namespace === undefined && (kind === 'pod' || kind === 'service') && rest.includes('.')) {
    const dot = rest.lastIndexOf('.');
    namespace = rest.slice(dot + 1);
    rest = rest.slice(0, dot);
  }
  namespace ??= request.defaultNamespace;
  const badNamespace = invalid(dnsLabel, namespace, 'Namespace');
  if (badNamespace) return fail(badNamespace);
  const rule = nameRules[kind];
  const badName = invalid(rule.schema, rest, rule.what);
  return badName ? fail(badName) : ok({ kind, namespace, name: rest });
}

/** "a service or app", "a pod, deployment, statefulset or daemonset". */
export function describeKinds(kinds: readonly TargetKind[]): string {
  const words = kinds.map(String);
  const last = words.pop();
  const first = words[0] ?? last ?? '';
  return `${/^[aeiou]/.test(first) ? 'an' : 'a'} ${words.length > 0 ? `${words.join(', ')} or ${last}` : last}`;
}

function refusal(request: TargetRequest<TargetKind>, kind: TargetKind): string {
  const lead =
    request.refusal ?? `${request.command ?? 'This command'} takes ${describeKinds(request.kinds)}`;
  return `${lead}, not ${describeKinds([kind])}.`;
}

function invalid(schema: z.ZodMiniString, value: string, what: string): string | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return undefined;
  return `${what} "${clip(value)}" ${parsed.error.issues[0]?.message ?? 'is not a valid name'}.`;
}

function ok<K extends TargetKind>(value: Target): ParseResult<TargetOf<K>> {
  // The kind was checked against request.kinds above, so the value is one of TargetOf<K>.
  return { ok: true, value: value as TargetOf<K> };
}

function fail<T>(error: string): ParseResult<T> {
  return { ok: false, error };
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
