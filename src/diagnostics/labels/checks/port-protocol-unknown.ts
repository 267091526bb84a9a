import type { CauseSpec } from '../../../core/check.ts';
import type { Finding } from '../../../core/finding.ts';
import { labelsFinding, labelsPass, refOf } from '../labels-finding.ts';
import type { LabelsCheck } from '../labels-input.ts';

export const portProtocolUnknownCause: CauseSpec = {
  code: 'MESH0310',
  cause: 'port-protocol-unknown',
  title: 'A Service port names no protocol',
  severities: ['warning', 'pass'],
};

// Istio's protocol selection (istio.io "Protocol Selection"): `appProtocol`, else the port name's
// prefix (`<protocol>` or `<protocol>-<suffix>`). IST0118 otherwise: Istio sniffs HTTP vs TCP,
// which breaks server-first protocols (MySQL, SMTP) and makes HTTP features depend on detection.
const protocols = [
  'http',
  'http2',
  'https',
  'grpc',
  'grpc-web',
  'mongo',
  'mysql',
  'redis',
  'tcp',
  'tls',
  'udp',
];

const systemNamespaces = new Set([
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'local-path-storage',
  'istio-system',
]);

export const portProtocolUnknown: LabelsCheck = {
  id: 'labels.port-protocol-unknown',
  area: 'labels',
  title: 'Every Service port names its protocol',
  needs: ['services'],
  emits: [portProtocolUnknownCause],
  run({ services, kubectl }) {
    const findings: Finding[] = [];
    for (const s of services) {
      // As IST0118: ExternalName Services (IST0150's ground) and system namespaces are not checked.
      if (s.spec.type === 'ExternalName' || systemNamespaces.has(s.metadata.namespace ?? 'default')) continue;
      (s.spec.ports ?? []).forEach((p, index) => {
        if (p.appProtocol) return;
        const name = (p.name ?? '').toLowerCase();
        if (protocols.some((proto) => name === proto || name.startsWith(`${proto}-`))) return;
        if ((p.protocol ?? 'TCP') === 'UDP') return;
        findings.push(
          labelsFinding(portProtocolUnknownCause, {
            severity: 'warning',
            subject: refOf('Service', s),
            message: `Port ${p.port}${p.name ? ` (${p.name})` : ' (unnamed)'} of Service ${s.metadata.name} names no protocol (istioctl analyze IST0118): Istio sniffs HTTP or TCP on it, which breaks server-first protocols (MySQL, SMTP) and leaves HTTP routing to detection.`,
            fix: {
              text: 'Name the protocol: set appProtocol (or a port name like http-web, grpc-api, tcp-db).',
              command: `${kubectl} patch service ${s.metadata.name} -n ${s.metadata.namespace ?? 'default'} --type=json -p '[{"op":"add","path":"/spec/ports/${index}/appProtocol","value":"http"}]'`,
            },
          }),
        );
      });
    }
    const [first] = services;
    if (findings.length === 0 && first)
      return [
        labelsPass(
          portProtocolUnknownCause,
          refOf('Service', first),
          'Every Service port names its protocol.',
        ),
      ];
    return findings;
  },
};
