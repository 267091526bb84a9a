import type { Need } from '../../core/evidence.ts';
import type { EvidenceBundle } from '../../evidence/evidence-bundle.ts';
import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import { type GatherOptions, gatherEvidence } from '../../evidence/gather-evidence.ts';
import { bundleFromSaved, toSavedEvidence } from '../../evidence/saved-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';
import { SavedEvidenceReader } from '../files/saved-evidence-reader.ts';
import { writeSavedEvidence } from '../files/write-saved-evidence.ts';
import { kubeGatherers } from './kube-gatherers.ts';

export type GatherBundleOptions = GatherOptions & {
  /** `--save-evidence FILE`: write the bundle there once gathered. */
  readonly saveTo?: string | undefined;
};

/**
 * A command's evidence: replayed from a saved file (--from saved.json), else gathered through
 * the reader (live or manifests) by the runner; then saved if asked.
 */
export async function gatherBundle(
  reader: KubeReader,
  scope: EvidenceScope,
  needs: readonly Need[],
  options: GatherBundleOptions = {},
): Promise<EvidenceBundle> {
  const bundle =
    reader instanceof SavedEvidenceReader
      ? bundleFromSaved(
          reader.saved,
          scope,
          needs.map((n) => n.kind),
        )
      : await gatherEvidence(needs, kubeGatherers(reader, scope), options);
  if (options.saveTo) {
    const saved = toSavedEvidence(bundle, { cluster: reader.cluster, kubectl: reader.kubectl, scope });
    await writeSavedEvidence(options.saveTo, saved);
  }
  return bundle;
}
