import type { ObjectMeta } from '../../schemas/kube.ts';

/**
 * When a label was last written, from managedFields: the newest entry whose fieldsV1 owns
 * `f:metadata.f:labels.f:<key>`. kubectl hides managedFields by default, so saved manifests
 * usually lack it and this returns undefined.
 */
export function labelSetTime(meta: ObjectMeta, key: string): string | undefined {
  let newest: string | undefined;
  for (const entry of meta.managedFields ?? []) {
    if (!entry.time || !ownsLabel(entry.fieldsV1, key)) continue;
    if (!newest || entry.time > newest) newest = entry.time;
  }
  return newest;
}

function ownsLabel(fieldsV1: unknown, key: string): boolean {
  if (!fieldsV1 || typeof fieldsV1 !== 'object') return false;
  const metadata = (fieldsV1 as Record<string, unknown>)['f:metadata'];
  if (!metadata || typeof metadata !== 'object') return false;
  const labels = (metadata as Record<string, unknown>)['f:labels'];
  return !!labels && typeof labels === 'object' && `f:${key}` in labels;
}
