/** What a saved container env value reads instead of the value. */
export const redactedEnvValue = '(redacted by meshdoc)';

const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
const containerLists = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/**
 * The evidence values as `--save-evidence` writes them: every container `env[].value` (in pods,
 * workload and Rollout pod templates) replaced, `valueFrom` kept (it only references a Secret or
 * ConfigMap), and the last-applied-configuration annotation dropped (it repeats the manifest, env
 * included). No check reads either, so a replay answers the same. `injectorConfigs` is kept as
 * is: it is the parsed injector config, which replay needs, not a ConfigMap's raw data.
 */
export function redactForSaving<T extends Record<string, unknown>>(values: T): T {
  const redacted: Record<string, unknown> = {};
  for (const [kind, value] of Object.entries(values))
    redacted[kind] = kind === 'injectorConfigs' ? value : redactValue(value);
  return redacted as T;
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'annotations' && isRecord(child)) {
      const { [lastAppliedAnnotation]: _dropped, ...kept } = child;
      out[key] = kept;
    } else if (containerLists.has(key) && Array.isArray(child)) {
      out[key] = child.map(redactContainer);
    } else {
      out[key] = redactValue(child);
    }
  }
  return out;
}

function redactContainer(container: unknown): unknown {
  const redacted = redactValue(container);
  if (!isRecord(redacted) || !Array.isArray(redacted.env)) return redacted;
  return { ...redacted, env: redacted.env.map(redactEnvVar) };
}

function redactEnvVar(envVar: unknown): unknown {
  return isRecord(envVar) && 'value' in envVar ? { ...envVar, value: redactedEnvValue } : envVar;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
