import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hasSection, openConfigDump } from '../../src/envoy/config-dump.ts';
import { readClusterStatuses } from '../../src/envoy/read-bootstrap.ts';
import { hostStatusesTable } from '../../src/summaries/host-statuses-table.ts';
import { findIstioctl, writeOfflineKubeconfig } from '../helpers/synthetic/istioctl-binary.ts';
import { writeSyntheticDump } from '../helpers/synthetic/write-synthetic-dump.ts';
import { cases } from './istioctl-cases.ts';
import { fixture } from './run-proxy-command.ts';
import { splitIstioctlTable } from './split-istioctl-table.ts';

// Differential test against a real istioctl (ISTIOCTL, or the one scripts/build-cluster builds):
// `istioctl proxy-config <type> -f DUMP` and meshdoc must print the same rows and cells, in the same
// order, for real dumps (../shared fixtures), meshdoc's fixtures and a generated 150-service dump.
// Known difference: istioctl ≤ 1.28 prints certificate serials without zero-padding; master (whose
// golden files the conformance test uses, and meshdoc) pads to 32 digits. Serials are compared as numbers.
const istioctl = findIstioctl();
if (!istioctl)
  console.warn(
    '[differential] no istioctl (set ISTIOCTL or run scripts/build-cluster): differential tests are SKIPPED.',
  );

const work = mkdtempSync(join(tmpdir(), 'meshdoc-istioctl-'));
const kubeconfig = writeOfflineKubeconfig(work);

const shared = fileURLToPath(new URL('../../../shared/fixtures/istio', import.meta.url));
const generated = join(work, 'generated-150.json');
let text = '';
writeSyntheticDump(
  (c) => {
    text += c;
  },
  { services: 150, seed: 11 },
);
writeFileSync(generated, text);
const inputs = [
  ...(existsSync(shared)
    ? [
        'proxy-config/all/config_dump.json',
        'proxy-config/ecds/configdump.json',
        'proxy-config/endpoint/configdump.json',
        'proxy-config/routes/empty-gateway/configdump.json',
        'proxy-config/routes/istio-gateway-http-route-prefix/configdump.json',
        'proxy-config/routes/k8s-gateway-http-route-path-prefix/configdump.json',
        'proxy-config/secret/istio/config_dump.json',
        'proxy-config/secret/spire/config_dump.json',
        'describe/http_config.json',
        'describe/tls_config.json',
      ].map((p) => join(shared, p))
    : []),
  fixture('sidecar-small.json'),
  fixture('problems.json'),
  generated,
];

const run = promisify(execFile);
async function istioctlSays(args: string[], file: string): Promise<{ out: string; error: string }> {
  try {
    const { stdout } = await run(istioctl as string, ['proxy-config', ...args, '-f', file], {
      env: { ...process.env, KUBECONFIG: kubeconfig },
    });
    return { out: stdout, error: '' };
  } catch (e) {
    return { out: '', error: String((e as { stderr?: string }).stderr ?? e) };
  }
}

/** Serial numbers as numbers: istioctl 1.28 does not pad them, master does. */
const normalize = (rows: string[][]) =>
  rows.map((r) => r.map((c) => (/^[0-9a-f]{20,}$/.test(c) ? c.replace(/^0+/, '') : c)));

describe.skipIf(!istioctl)(`meshdoc and istioctl (${istioctl ?? 'absent'}) print the same tables`, () => {
  it.each(inputs.map((f) => [f.replace(`${shared}/`, '').replace(`${work}/`, ''), f]))(
    '%s',
    async (_name, file) => {
      const dump = openConfigDump(readFileSync(file), file);
      for (const c of cases.filter((x) => hasSection(dump, x.needs) || x.args[0] === 'eds')) {
        const now = new Date();
        const [theirs, mine] = [await istioctlSays(c.args, file), c.mine(dump, now)];
        const what = `${c.args.join(' ')} on ${file}`;
        // istioctl errors on empty tables ("no listeners found"); meshdoc shows an empty table.
        if (theirs.error) {
          expect(theirs.error, what).toMatch(
            /no (listeners|clusters|routes) found|has no configuration type/,
          );
          expect(mine?.rows ?? [], what).toEqual([]);
          continue;
        }
        if (!mine) throw new Error(`meshdoc has no table for ${what}`);
        if (mine.rows.length === 0 && mine.emptyMessage)
          expect(theirs.out.trim(), what).toBe(mine.emptyMessage);
        else
          expect(normalize(mine.rows.map((r) => r.map((cell) => cell.trim()))), what).toEqual(
            normalize(splitIstioctlTable(theirs.out, mine.columns)),
          );
      }
    },
  );

  it('/clusters?format=json (proxy-config endpoint)', async () => {
    const file = fixture('clusters-status.json');
    const mine = hostStatusesTable(
      readClusterStatuses(openConfigDump(readFileSync(file), file))?.clusters ?? [],
      {},
    );
    const theirs = await istioctlSays(['endpoint'], file);
    expect(mine.rows).toEqual(splitIstioctlTable(theirs.out, mine.columns));
  });
});
