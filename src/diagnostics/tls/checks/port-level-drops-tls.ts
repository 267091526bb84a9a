import type { CauseSpec } from '../../../core/check.ts';
import type { Finding } from '../../../core/finding.ts';
import { tlsMode } from '../client-tls.ts';
import { ruledOut, ruleRef, serviceRef, tlsFinding, where } from '../tls-finding.ts';
import { patchRule } from '../tls-fixes.ts';
import type { TlsCheck } from '../tls-input.ts';

export const portLevelDropsTlsCause: CauseSpec = {
  code: 'MESH0207',
  cause: 'port-level-drops-tls',
  title: "A DestinationRule's port-level entry drops its TLS setting",
  severities: ['error', 'warning', 'pass'],
};

// §3.3: a portLevelSettings entry replaces the policy above it wholesale; without its own `tls` the
// cluster has no TLS setting at all: auto-mTLS (the explicit mode is silently lost: a warning), or
// plaintext without auto-mTLS. And measured against istiod: its endpoint check still reads the
// rule-level mode, so a rule-level DISABLE turns every endpoint plaintext even under auto-mTLS. Either
// plaintext against a STRICT port is an error.
export const portLevelDropsTls: TlsCheck = {
  id: 'tls.port-level-drops-tls',
  area: 'tls',
  title: 'No port-level DestinationRule entry drops the TLS setting',
  needs: ['services', 'servicePods', 'meshDestinationRules', 'meshConfig'],
  emits: [portLevelDropsTlsCause],
  run({ rows, kubectl }) {
    const seen = new Map<string, Finding>();
    for (const row of rows) {
      const dropped = row.tls.dropped;
      const rule = row.rule?.rule;
      if (!dropped || !rule) continue;
      const broken = row.endpoints.some((e) => e.cause === 'port-level-drops-tls');
      const key = `${rule.metadata.namespace}/${rule.metadata.name}${dropped.entryPath}`;
      const previous = seen.get(key);
      if (previous && (previous.severity === 'error' || !broken)) continue;
      const mode = tlsMode(dropped.droppedTls);
      seen.set(
        key,
        tlsFinding(portLevelDropsTlsCause, {
          severity: broken ? 'error' : 'warning',
          subject: ruleRef(rule),
          message: broken
            ? `${where(row)}: the portLevelSettings entry for port ${row.port} has no tls, which replaces the rule's ${mode} for the cluster; ${row.endpoints.find((e) => e.cause === 'port-level-drops-tls')?.because ?? 'clients send plaintext'}. The port is STRICT: callers are reset (503 UF/URX).`
            : `${where(row)}: the portLevelSettings entry for port ${row.port} has no tls, which replaces the rule's ${mode} wholesale: ${row.autoMtls ? 'auto-mTLS decides this port instead' : 'this port is plaintext'}.`,
          facts: [
            { label: 'dropped', value: `${dropped.droppedPath} (mode ${mode})`, source: ruleRef(rule) },
            { label: 'replaced by', value: `${dropped.entryPath} (no tls)`, source: ruleRef(rule) },
          ],
          fix: broken
            ? {
                text: 'Give the port-level entry its own tls: Istio mTLS, which the STRICT port accepts (port-level settings do not inherit, and the rule-level mode still reaches the endpoints).',
                command: patchRule(kubectl, rule, {
                  op: 'add',
                  path: `${dropped.entryPath}/tls`,
                  value: { mode: 'ISTIO_MUTUAL' },
                }),
              }
            : {
                text: 'Repeat the TLS setting in the port-level entry (port-level settings do not inherit):',
                command: patchRule(kubectl, rule, {
                  op: 'add',
                  path: `${dropped.entryPath}/tls`,
                  value: dropped.droppedTls,
                }),
              },
        }),
      );
    }
    if (seen.size === 0 && rows[0])
      return [
        ruledOut(
          portLevelDropsTlsCause,
          serviceRef(rows[0]),
          'No port-level DestinationRule entry drops a TLS setting.',
        ),
      ];
    return [...seen.values()];
  },
};
