import { MeshdocError } from '../../errors.ts';
import type { SavedEvidence } from '../../evidence/saved-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';

/**
 * A `--save-evidence` file opened with --from: it answers by replaying the saved bundle, so it
 * reads nothing itself; any direct read means a command that cannot replay.
 */
export class SavedEvidenceReader implements KubeReader {
  readonly cluster: string;
  readonly kubectl: string;
  readonly saved: SavedEvidence;

  constructor(saved: SavedEvidence) {
    this.saved = saved;
    this.cluster = saved.cluster;
    this.kubectl = saved.kubectl;
  }

  get(): Promise<never> {
    return Promise.reject(this.cannotRead());
  }
  list(): Promise<never> {
    return Promise.reject(this.cannotRead());
  }
  async listPodNames() {
    return [];
  }
  async listNamespaceNames() {
    return [];
  }

  private cannotRead(): MeshdocError {
    return new MeshdocError('usage', 'A saved evidence file replays only the command that saved it.', {
      hint: 'Give --from a directory or file of Kubernetes manifests instead.',
    });
  }
}
