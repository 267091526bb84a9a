import type { Pod } from '../schemas/kube.ts';

export type Sidecar = {
  /** `container`, or `native` when istio-proxy is an init container with restartPolicy Always. */
  style: 'container' | 'native' | 'annotation-only';
  image: string | undefined;
  /** Proxy version from the image tag (e.g. 1.28.0), when the tag looks like one. */
  proxyVersion: string | undefined;
  /** Revision of the injecting istiod (annotation istio.io/rev or the status JSON). */
  revision: string | undefined;
};

/** Finds the injected sidecar: istio-proxy in containers or (native sidecars) initContainers. */
export function findSidecar(pod: Pod): Sidecar | undefined {
  const annotations = pod.metadata.annotations;
  const container = pod.spec.containers.find((c) => c.name === 'istio-proxy');
  const init = (pod.spec.initContainers ?? []).find((c) => c.name === 'istio-proxy');
  const status = annotations['sidecar.istio.io/status'];
  if (!container && !init && status === undefined) return undefined;
  const image = (container ?? init)?.image;
  return {
    style: container ? 'container' : init ? 'native' : 'annotation-only',
    image,
    proxyVersion: versionFromImage(image),
    revision: annotations['istio.io/rev'] ?? revisionFromStatus(status),
  };
}

export function versionFromImage(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const withoutDigest = image.split('@')[0] ?? image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon <= slash) return undefined;
  const tag = withoutDigest.slice(colon + 1);
  return /^\d+\.\d+/.test(tag) ? tag.replace(/-distroless$/, '') : tag;
}

function revisionFromStatus(status: string | undefined): string | undefined {
  if (!status) return undefined;
  try {
    const parsed: unknown = JSON.parse(status);
    if (parsed && typeof parsed === 'object' && 'revision' in parsed && typeof parsed.revision === 'string') {
      return parsed.revision;
    }
  } catch {
    // A malformed status annotation still marks the pod as injected; the revision is just unknown.
  }
  return undefined;
}
