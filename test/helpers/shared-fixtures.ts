import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared/fixtures/istio beside the clone (real Istio data; not copied into this repository). */
export const sharedIstioFixtures = fileURLToPath(new URL('../../../shared/fixtures/istio/', import.meta.url));
export const haveSharedFixtures = existsSync(sharedIstioFixtures);

if (!haveSharedFixtures) {
  // Visible, never silent: CI has ../shared; a bare clone elsewhere may not.
  console.warn(`NOTICE: ${sharedIstioFixtures} is absent; tests that read real Istio fixtures are SKIPPED.`);
}
