import type { ObjectMeta } from '../schemas/kube.ts';

/**
 * When fields were last written, from managedFields: the newest entry whose fieldsV1 satisfies
 * `owns`. kubectl hides managedFields by default, so saved manifests usually lack them and this
 * returns undefined.
 */
export function managedFieldsTime(
  meta: ObjectMeta,
  owns: (fieldsV1: unknown) => boolean,
): string | undefined {
  let newest: string | undefined;
  for (const entry of meta.managedFields ?? []) {
    if (!entry.time || !owns(entry.fieldsV1)) continue;
    if (!newest || entry.time > newest) newest = entry.time;
  }
  return newest;
}

/** When a label was last written: the newest entry owning `f:metadata.f:labels.f:<key>`. */
export function labelSetTime(meta: ObjectMeta, key: string): string | undefined {
  return managedFieldsTime(meta, (fieldsV1) => {
    const labels = field(field(fieldsV1, 'f:metadata'), 'f:labels');
    return labels !== undefined && `f:${key}` in labels;
  });
}

function field(value: unknown, key: string): Record<string, unknown> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const inner = (value as Record<string, unknown>)[key];
  return inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : undefined;
}
