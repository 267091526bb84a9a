import type { PeerAuthentication } from '../../schemas/istio.ts';

/** A server's effective mTLS mode, as istiod and istioctl spell it (istio-semantics.md §3.1). */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

const modes = new Set(['STRICT', 'PERMISSIVE', 'DISABLE']);

/**
 * A PeerAuthentication mode field: a mode, `inherit` (absent or UNSET), or `invalid` (a value
 * Istio's validation rejects; from saved files, where no webhook validated it).
 */
export function readMode(mode: string | null | undefined): MtlsMode | 'inherit' | 'invalid' {
  if (mode === undefined || mode === null || mode === '' || mode === 'UNSET') return 'inherit';
  return modes.has(mode) ? (mode as MtlsMode) : 'invalid';
}

/** `namespace/name`, as the table and the findings name Istio objects. */
export function policyRef(object: { metadata: { name: string; namespace?: string | undefined } }): string {
  return `${object.metadata.namespace ?? 'default'}/${object.metadata.name}`;
}

/** Oldest first by creationTimestamp, then name, then namespace: istiod's order (model/config.go). */
export function oldestFirst<T extends PeerAuthentication | { metadata: PeerAuthentication['metadata'] }>(
  objects: readonly T[],
): T[] {
  const key = (o: T) => o.metadata.creationTimestamp ?? '';
  return [...objects].sort(
    (a, b) =>
      (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) ||
      (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0) ||
      ((a.metadata.namespace ?? '') < (b.metadata.namespace ?? '') ? -1 : 1),
  );
}
