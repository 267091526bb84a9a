// The --from / --file examples of issue 9, each through the real CLI as its own process with a
// 512 MiB heap and its peak RSS measured: one sentence, exit 1, no stack trace, bounded memory.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/gatherers/files/load-manifests.ts';
import { aliasBomb } from '../helpers/hostile-files.ts';
import { cli } from '../helpers/run-cli.ts';
import { cliChild, stackTraceLine } from '../helpers/run-cli-child.ts';

const mib = 1024 * 1024;
let dir: string;
const at = (name: string) => join(dir, name);

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop' },
  spec: { containers: [{ name: 'app', image: 'app:1' }] },
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshdoc-hostile-'));
  writeFileSync(at('bomb.yaml'), aliasBomb);
  writeFileSync(at('deep.json'), '['.repeat(mib));
  writeFileSync(at('deep-closed.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  writeFileSync(at('empty.yaml'), '');
  writeFileSync(at('dump.json'), JSON.stringify({ configs: [] }));
  writeFileSync(
    at('passwd'),
    'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n',
  );
  // More objects in one file than a spread's argument limit.
  writeFileSync(
    at('many.json'),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: Array.from({ length: 200_000 }, (_, i) => pod(`p-${i}`)),
    }),
  );
  mkdirSync(at('loop'));
  writeFileSync(at('loop/pod.yaml'), JSON.stringify(pod('web-1')));
  symlinkSync('.', at('loop/self'));
  symlinkSync(at('loop'), at('loop/again'));
  execFileSync('mkfifo', [at('pipe.yaml')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectOneSentence(r: { code: number; stdout: string; stderr: string }, message: string | RegExp) {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(stackTraceLine);
  const first = r.stderr.split('\n')[0] ?? '';
  if (typeof message === 'string') expect(first).toBe(`error: ${message}`);
  else expect(first).toMatch(message);
}

const wni = (from: string) => [
  'why-not-injected',
  'productpage-v1-6b746f74dc-9stvs',
  '-n',
  'bookinfo',
  '--from',
  from,
];

describe('issue 9 examples, through the CLI process', () => {
  it('listeners --file /dev/zero stops at once, well under 2 GiB', async () => {
    const r = await cliChild(['listeners', '--file', '/dev/zero']);
    expectOneSentence(r, '--file /dev/zero is a character device, not a config dump file.');
    if (r.peakRssBytes !== undefined) expect(r.peakRssBytes).toBeLessThan(512 * mib);
  });

  it('listeners --file - with stdin from /dev/zero or /dev/urandom stops at the first bytes', async () => {
    for (const device of ['/dev/zero', '/dev/urandom']) {
      const r = await cliChild(['listeners', '--file', '-'], { stdinFile: device });
      expectOneSentence(r, 'The dump on stdin is binary data, not an Envoy config dump.');
      if (r.peakRssBytes !== undefined) expect(r.peakRssBytes).toBeLessThan(512 * mib);
    }
  });

  it('--from /dev/zero and /dev/urandom are refused by name', async () => {
    for (const device of ['/dev/zero', '/dev/urandom']) {
      const r = await cliChild(wni(device));
      expectOneSentence(r, `--from ${device} is a character device, not a file of manifests.`);
      if (r.peakRssBytes !== undefined) expect(r.peakRssBytes).toBeLessThan(512 * mib);
    }
  });

  it('a FIFO is refused without being opened (which would block)', async () => {
    expectOneSentence(
      await cliChild(wni(at('pipe.yaml')), { timeoutMs: 15_000 }),
      `--from ${at('pipe.yaml')} is a FIFO (named pipe), not a file of manifests.`,
    );
    expectOneSentence(
      await cliChild(['listeners', '--file', at('pipe.yaml')], { timeoutMs: 15_000 }),
      `--file ${at('pipe.yaml')} is a FIFO (named pipe), not a config dump file.`,
    );
  });

  it('a YAML alias bomb is a bad_input_file sentence, not a ReferenceError', async () => {
    expect(Buffer.byteLength(aliasBomb)).toBeLessThan(400);
    expectOneSentence(
      await cliChild(wni(at('bomb.yaml'))),
      `--from ${at('bomb.yaml')} uses YAML aliases that expand too far (more than 100 per document); kubectl never writes aliases.`,
    );
  });

  it('1 MB of [ says how deep, in bounded memory', async () => {
    for (const name of ['deep.json', 'deep-closed.json']) {
      const r = await cliChild(wni(at(name)));
      expectOneSentence(
        r,
        `--from ${at(name)} is nested deeper than 256 levels; Kubernetes manifests never are.`,
      );
      if (r.peakRssBytes !== undefined) expect(r.peakRssBytes).toBeLessThan(512 * mib);
    }
  });

  it('--from / stops with a sentence, never entering /proc', async () => {
    const r = await cliChild(wni('/'));
    expectOneSentence(
      r,
      '--from /: walked 10,000 files without finishing; point --from at the folder with your manifests.',
    );
    expectOneSentence(
      await cliChild(wni('/proc')),
      '--from /proc holds kernel or device state, not manifests.',
    );
  });

  it('files with no Kubernetes objects say so', async () => {
    for (const name of ['passwd', 'empty.yaml'])
      expectOneSentence(
        await cliChild(wni(at(name))),
        `--from ${at(name)} holds no Kubernetes objects (no document with kind and metadata.name).`,
      );
    const dump = await cliChild(wni(at('dump.json')));
    expectOneSentence(
      dump,
      `--from ${at('dump.json')} holds no Kubernetes objects (no document with kind and metadata.name).`,
    );
    expect(dump.stderr).toContain(
      `That is an Envoy config dump: give it to a proxy command, e.g. meshdoc listeners --file ${at('dump.json')}.`,
    );
  });

  it('/etc/passwd itself', async () => {
    expectOneSentence(
      await cliChild(wni('/etc/passwd')),
      '--from /etc/passwd holds no Kubernetes objects (no document with kind and metadata.name).',
    );
  });
});

describe('bounded readers, in-process', () => {
  it('200,000 objects in one file load without a spread overflowing the stack', async () => {
    expect(await loadManifests(at('many.json'))).toHaveLength(200_000);
  });

  it('symbolic-link loops are walked once', async () => {
    const manifests = await loadManifests(at('loop'));
    expect(manifests.map((m) => m.metadata.name)).toEqual(['web-1']);
  });

  it('caps bytes per file and in total while reading, and folders in depth and count', async () => {
    const limits = {
      manifestFileBytes: 1024,
      manifestTotalBytes: 2048,
      yamlFileBytes: 1024,
      walkEntries: 10,
      walkDepth: 2,
      nestingDepth: 256,
      yamlAliases: 100,
    };
    const big = at('caps');
    mkdirSync(join(big, 'a/b/c/d'), { recursive: true });
    writeFileSync(join(big, 'one.json'), JSON.stringify(pod('x'.repeat(1500))));
    await expect(loadManifests(join(big, 'one.json'), limits)).rejects.toMatchObject({
      code: 'bad_input_file',
      userMessage: `--from ${join(big, 'one.json')} is larger than 1.0 KB, the most meshdoc reads from one file.`,
    });
    await expect(loadManifests(big, limits)).rejects.toMatchObject({
      userMessage: `--from ${big} nests folders deeper than 2 levels; point --from at the folder with your manifests.`,
    });
    const wide = at('wide');
    mkdirSync(wide);
    for (let i = 0; i < 3; i++)
      writeFileSync(join(wide, `p${i}.json`), JSON.stringify(pod(`p-${i}-${'x'.repeat(700)}`)));
    await expect(loadManifests(wide, limits)).rejects.toMatchObject({
      userMessage: `--from ${wide}: the manifest files add up to more than 2.0 KB, the most meshdoc reads for one --from; point --from at the folder with your manifests.`,
    });
    for (let i = 3; i < 12; i++) writeFileSync(join(wide, `p${i}.json`), '{}');
    await expect(loadManifests(wide, limits)).rejects.toMatchObject({
      userMessage: `--from ${wide}: walked 10 files without finishing; point --from at the folder with your manifests.`,
    });
  });

  it('MESHDOC_FROM_MAX_FILE_MIB and MESHDOC_FROM_MAX_MIB set the caps', async () => {
    const small = await cli(wni(at('many.json')), { HOME: '/nonexistent', MESHDOC_FROM_MAX_FILE_MIB: '1' });
    expect(small.code).toBe(1);
    expect(small.stderr.split('\n')[0]).toBe(
      `error: --from ${at('many.json')} is larger than 1.0 MB, the most meshdoc reads from one file.`,
    );
    const wrong = await cli(wni(at('many.json')), { HOME: '/nonexistent', MESHDOC_FROM_MAX_MIB: 'lots' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.split('\n')[0]).toBe(
      'error: MESHDOC_FROM_MAX_MIB must be a whole number of MiB (1 to 999999), not "lots".',
    );
  });
});
