import type { InjectionTarget } from '../core/target.ts';
import { MeshdocError } from '../errors.ts';
import { type KubeReader, workloadKindNames } from '../kube/kube-reader.ts';
import { closestNames } from './closest-names.ts';

const suggestionListLimit = 500;

/** A not-found error naming what is missing, with close matches when one bounded list finds them. */
export async function notFoundWithSuggestions(
  reader: KubeReader,
  target: InjectionTarget,
  namespaceExists: boolean,
): Promise<MeshdocError> {
  if (!namespaceExists) {
    const names = await reader.listNamespaceNames(suggestionListLimit).catch(() => []);
    const close = closestNames(target.namespace, names);
    return new MeshdocError(
      'not_found',
      `Namespace "${target.namespace}" does not exist in cluster ${reader.cluster}.`,
      {
        ...(close.length > 0 ? { hint: `Did you mean: ${close.join(', ')}?` } : {}),
      },
    );
  }
  const what = target.kind === 'pod' ? 'Pod' : workloadKindNames[target.kind];
  const names =
    target.kind === 'pod'
      ? await reader.listPodNames(target.namespace, suggestionListLimit).catch(() => [])
      : [];
  const close = closestNames(target.name, names);
  return new MeshdocError(
    'not_found',
    `${what} "${target.name}" was not found in namespace "${target.namespace}" (cluster ${reader.cluster}).`,
    {
      hint:
        close.length > 0
          ? `Did you mean: ${close.join(', ')}?`
          : `List them with: ${reader.kubectl} get ${target.kind === 'pod' ? 'pods' : `${target.kind}s`} -n ${target.namespace}`,
    },
  );
}

/**
 * What to say when reading the target failed: a not-found becomes notFoundWithSuggestions (which
 * needs to know whether the namespace exists, asked only then), anything else passes through as a
 * MeshdocError.
 */
export async function explainMissing(
  reader: KubeReader,
  target: InjectionTarget,
  error: unknown,
  namespaceExists: () => Promise<boolean>,
): Promise<MeshdocError> {
  if (!(error instanceof MeshdocError) || error.code !== 'not_found')
    return error instanceof MeshdocError
      ? error
      : new MeshdocError('internal', 'Reading the pod failed.', { cause: error });
  return notFoundWithSuggestions(reader, target, await namespaceExists());
}
