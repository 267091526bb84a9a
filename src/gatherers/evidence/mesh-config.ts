import { MeshdocError } from '../../errors.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';
import { defaultMeshSettings } from '../../schemas/mesh-config.ts';

/**
 * The mesh settings from the `istio` ConfigMap in istio-system. An absent ConfigMap means Istio's
 * defaults (marked `assumedDefaults`, which the command turns into a note); an unreadable one is a
 * failure the command also answers with the defaults and a note saying why.
 */
export function meshConfigGatherer(reader: KubeReader): Gatherer<'meshConfig'> {
  return {
    async gather() {
      let cm: Awaited<ReturnType<typeof reader.get<'configMap'>>>;
      try {
        cm = await reader.get('configMap', 'istio-system', 'istio');
      } catch (error) {
        if (error instanceof MeshdocError && error.code === 'not_found') return defaultMeshSettings();
        throw error;
      }
      const { parseMeshConfig } = await import('../../schemas/parse-mesh-config.ts');
      try {
        return parseMeshConfig(cm);
      } catch (error) {
        throw new MeshdocError(
          'unexpected_output',
          `ConfigMap istio-system/istio has a mesh config meshdoc cannot read (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'parse error'}).`,
          { cause: error },
        );
      }
    },
  };
}
