import type { CauseSpec } from '../../core/check.ts';
import type { Fact, Finding, ObjectRef } from '../../core/finding.ts';
import type { DestinationRule, PeerAuthentication } from '../../schemas/istio.ts';
import { policyRef } from './mtls-mode.ts';
import type { ConflictCause, EndpointResult, TlsRow } from './tls-rows.ts';

export const ruleRef = (rule: DestinationRule): ObjectRef => ({
  kind: 'DestinationRule',
  namespace: rule.metadata.namespace ?? 'default',
  name: rule.metadata.name,
});

export const policyObjectRef = (policy: PeerAuthentication): ObjectRef => ({
  kind: 'PeerAuthentication',
  namespace: policy.metadata.namespace ?? 'default',
  name: policy.metadata.name,
});

export const serviceRef = (row: TlsRow): ObjectRef => ({
  kind: 'Service',
  namespace: row.service.metadata.namespace ?? 'default',
  name: row.service.metadata.name,
});

/** Rows broken by one cause, grouped so that one misconfiguration is one finding. */
export type ConflictGroup = {
  rows: TlsRow[];
  endpoints: EndpointResult[];
  first: TlsRow;
  firstEndpoint: EndpointResult;
};

/**
 * The rows with an endpoint broken by `cause`, grouped by the object a fix would change (the
 * DestinationRule `tls` in effect, else the deciding PeerAuthentication, else the service).
 */
export function conflictGroups(rows: readonly TlsRow[], cause: ConflictCause): ConflictGroup[] {
  const groups = new Map<string, ConflictGroup>();
  for (const row of rows) {
    const broken = row.endpoints.filter((e) => e.cause === cause);
    const [firstEndpoint] = broken;
    if (!firstEndpoint) continue;
    const key =
      row.rule && row.tls.path
        ? `dr:${policyRef(row.rule.rule)}:${row.tls.path}`
        : firstEndpoint.server?.source
          ? `pa:${policyRef(firstEndpoint.server.source.policy)}:${row.host}`
          : `svc:${row.host}`;
    const group = groups.get(key);
    if (group) {
      group.rows.push(row);
      group.endpoints.push(...broken);
    } else groups.set(key, { rows: [row], endpoints: [...broken], first: row, firstEndpoint });
  }
  return [...groups.values()];
}

/** "clients in orders and any other namespace send", "pod orders/x sends": who, with the verb agreeing. */
export function whoSends(row: TlsRow, verb: 'send' | 'originate'): string {
  const [first] = row.clients;
  if (row.clients.length === 1 && first?.startsWith('pod ')) return `${first} ${verb}s`;
  const names =
    row.clients.length > 1
      ? `${row.clients.slice(0, -1).join(', ')} and ${row.clients.at(-1)}`
      : (first ?? '');
  return `clients in ${names} ${verb}`;
}

/** `host:port` and the subset, as the table shows them. */
export function where(row: TlsRow): string {
  return `${row.host}:${row.port}${row.subset ? ` (subset ${row.subset})` : ''}`;
}

/** The facts every conflict shows: the two sides and who decided each. */
export function conflictFacts(group: ConflictGroup): Fact[] {
  const { first, firstEndpoint: e } = group;
  const pods = [...new Set(group.endpoints.map((x) => x.pod))];
  const facts: Fact[] = [
    {
      label: 'port',
      value: group.rows
        .map(where)
        .filter((v, i, a) => a.indexOf(v) === i)
        .join(', '),
    },
    { label: 'clients', value: [...new Set(group.rows.flatMap((r) => r.clients))].join(', ') },
    {
      label: 'server mode',
      value: e.server
        ? `${e.server.mode}${e.server.source ? ` (${e.server.source.scope} level)` : ' (Istio default)'}`
        : 'no sidecar: the application receives the bytes as sent',
      ...(e.server?.source ? { source: policyObjectRef(e.server.source.policy) } : {}),
    },
    {
      label: 'client sends',
      value: `${e.sends}: ${e.because}`,
      ...(first.rule ? { source: ruleRef(first.rule.rule) } : {}),
    },
    {
      label: 'pods affected',
      value: pods.length > 5 ? `${pods.slice(0, 5).join(', ')} and ${pods.length - 5} more` : pods.join(', '),
    },
  ];
  return facts;
}

/** A finding of a declared cause (checks speak only in the codes they list in `emits`). */
export function tlsFinding(
  spec: CauseSpec,
  draft: Omit<Finding, 'code' | 'cause' | 'facts'> & { facts?: Fact[] },
): Finding {
  const { fix, facts, ...rest } = draft;
  return { code: spec.code, cause: spec.cause, ...rest, facts: facts ?? [], ...(fix ? { fix } : {}) };
}

/** "No …" when a check found nothing: the ruled-out line. */
export function ruledOut(spec: CauseSpec, subject: ObjectRef, message: string): Finding {
  return tlsFinding(spec, { severity: 'pass', subject, message });
}
