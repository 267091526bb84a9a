import type { BootstrapConfigDump } from '../schemas/envoy/bootstrap-schema.ts';

export type ProxyVersions = { istioVersion: string; istioProxySha: string; envoyVersion: string };

/** Versions as `istioctl proxy-config bootstrap -o short` derives them from the bootstrap node. */
export function bootstrapVersions(dump: BootstrapConfigDump): ProxyVersions {
  const node = dump.bootstrap?.node;
  const md = node?.metadata ?? {};
  const istioVersion = stringValue(md.ISTIO_VERSION);
  let istioProxySha = stringValue(md.ISTIO_PROXY_SHA);
  // "istio-proxy:<sha>" → "<sha>" (Go keeps only the second ":"-separated part).
  const shaParts = istioProxySha.split(':');
  if (shaParts.length > 1) istioProxySha = shaParts[1] ?? '';
  const build = node?.user_agent_build_version;
  const v = build?.version;
  let envoyVersion = `${v?.major_number ?? 0}.${v?.minor_number ?? 0}.${v?.patch ?? 0}`;
  const bmd = build?.metadata ?? {};
  if ('build.label' in bmd) envoyVersion += `-${stringValue(bmd['build.label'])}`;
  for (const key of ['revision.status', 'build.type', 'ssl.version']) {
    if (key in bmd) envoyVersion += `/${stringValue(bmd[key])}`;
  }
  return { istioVersion, istioProxySha, envoyVersion };
}

function stringValue(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
