import type { ProxyVersions } from '../../src/summaries/bootstrap-versions.ts';
import { goTabwrite } from '../../src/summaries/go-tabwriter.ts';

// istioctl's `proxy-config bootstrap -o short` text, only to compare our parsed versions with
// istioctl's output in the conformance test; meshdoc itself never prints this form.

/** The three lines istioctl prints (padding 1), skipping empty Istio values. */
export function renderBootstrapSummary(v: ProxyVersions): string {
  const lines: string[][] = [];
  if (v.istioVersion) lines.push(['Istio Version:', v.istioVersion]);
  if (v.istioProxySha) lines.push(['Istio Proxy Version:', v.istioProxySha]);
  if (v.envoyVersion) lines.push(['Envoy Version:', v.envoyVersion]);
  return goTabwrite(lines, 1);
}
