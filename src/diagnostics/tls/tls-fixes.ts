import type { DestinationRule, PeerAuthentication } from '../../schemas/istio.ts';

// Copy-paste fixes: the smallest change to one object, as a kubectl command that works as given.

const quote = (json: unknown) => `'${JSON.stringify(json).replaceAll("'", "'\\''")}'`;

/** JSON patch of a DestinationRule: one operation at a pointer. */
export function patchRule(
  kubectl: string,
  rule: DestinationRule,
  op: { op: 'remove'; path: string } | { op: 'add'; path: string; value: unknown },
): string {
  return `${kubectl} patch destinationrule ${rule.metadata.name} -n ${rule.metadata.namespace ?? 'default'} --type=json -p ${quote([op])}`;
}

/** Merge patch of a PeerAuthentication's mode, workload-wide or for one port. */
export function patchPolicyMode(
  kubectl: string,
  policy: PeerAuthentication,
  mode: string,
  port?: number,
): string {
  const spec = port === undefined ? { mtls: { mode } } : { portLevelMtls: { [String(port)]: { mode } } };
  return `${kubectl} patch peerauthentication ${policy.metadata.name} -n ${policy.metadata.namespace ?? 'default'} --type=merge -p ${quote({ spec })}`;
}

/** A new DestinationRule sending Istio mTLS to one service port, applied from one line. */
export function applyMtlsRule(
  kubectl: string,
  service: string,
  namespace: string,
  host: string,
  port: number,
): string {
  const rule = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: `${service}-mtls`, namespace },
    spec: {
      host,
      trafficPolicy: { portLevelSettings: [{ port: { number: port }, tls: { mode: 'ISTIO_MUTUAL' } }] },
    },
  };
  return `echo ${quote(rule)} | ${kubectl} apply -f -`;
}
