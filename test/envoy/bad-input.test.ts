import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusters } from '../../commands/clusters.ts';
import { configDump } from '../../commands/config-dump.ts';
import { listeners } from '../../commands/listeners.ts';
import { routes } from '../../commands/routes.ts';
import type { Command } from '../../src/core/command.ts';
import { openConfigDump } from '../../src/envoy/config-dump.ts';
import { readListeners } from '../../src/envoy/read-sections.ts';
import { MeshdocError } from '../../src/errors.ts';
import { fixture, runProxyCommand } from './run-proxy-command.ts';

/** The error a command gives for a file, or a failure if it succeeds. */
async function errorFor(file: string, command: Command = listeners): Promise<MeshdocError> {
  try {
    await runProxyCommand(command, [], { file });
  } catch (error) {
    if (error instanceof MeshdocError) return error;
    throw error;
  }
  throw new Error(`${file} was accepted`);
}

describe('bad dumps get a clear message (bad_input_file)', () => {
  it.each([
    ['bad-empty.json', /The dump file is empty\./],
    [
      'bad-truncated.json',
      /The dump is truncated: it ends after [\d.]+ KB with \d+ brackets still open, inside configs\[4\] \(SecretsConfigDump\)/,
    ],
    ['bad-kubernetes.json', /This is a Kubernetes object, not an Envoy config dump/],
    [
      'bad-list.json',
      /This is a JSON list, not an Envoy config dump: `istioctl proxy-config <type> -o json`/,
    ],
    ['bad-yaml.yaml', /looks like YAML or text, not JSON \(it starts with "configs:"\)/],
    ['bad-html.html', /looks like HTML or XML, not a JSON config dump/],
    ['bad-camel-case.json', /uses camelCase field names \("dynamicListeners"\)/],
    ['bad-two-dumps.json', /extra data after the JSON document, at byte \d+ \("\{"\)\. Were two dumps/],
  ])('%s', async (name, message) => {
    const error = await errorFor(fixture(name));
    expect(error.code).toBe('bad_input_file');
    expect(error.userMessage).toMatch(message);
    expect(error.hint).toMatch(/pilot-agent request GET 'config_dump\?include_eds'/);
  });

  it('a syntax error inside a resource names the resource, and only when that section is read', async () => {
    const error = await errorFor(fixture('bad-section-syntax.json'), clusters);
    expect(error.userMessage).toMatch(
      /^dynamic_active_clusters\[0\] in configs\[1\] of the dump is not valid JSON: /,
    );
    // The listeners command never reads the clusters section, so the same file works for it.
    await expect(
      runProxyCommand(listeners, [], { file: fixture('bad-section-syntax.json') }),
    ).resolves.toBeDefined();
  });

  it('whitespace only', () => {
    expect(() => openConfigDump(Buffer.from('  \n\t'), 'x')).toThrow(/contains only whitespace/);
  });

  it('a JSON object that is not a dump lists its keys', () => {
    expect(() => openConfigDump(Buffer.from('{"foo": 1, "bar": [1]}'), 'x')).toThrow(
      /no top-level "configs" list \(its keys: "foo", "bar"\)/,
    );
  });

  it('mismatched brackets', () => {
    expect(() => openConfigDump(Buffer.from('{"configs": [}'), 'x')).toThrow(
      /a bracket at byte 13 does not match/,
    );
  });

  it('a missing file, a directory', async () => {
    expect((await errorFor('/nonexistent/dump.json')).userMessage).toBe(
      '--file /nonexistent/dump.json does not exist.',
    );
    const dir = mkdtempSync(join(tmpdir(), 'meshdoc-'));
    expect((await errorFor(dir)).userMessage).toMatch(/is a directory/);
  });

  it("Envoy's /clusters output is accepted by endpoints only", async () => {
    const error = await errorFor(fixture('clusters-status.json'), routes);
    expect(error.userMessage).toMatch(
      /This file is Envoy's \/clusters output, not a config dump: it has no routes/,
    );
  });

  it('a dump without the needed section says so (masked dump)', async () => {
    const error = await errorFor(fixture('problems.json'), routes);
    expect(error.userMessage).toMatch(
      /The dump has no routes section \(RoutesConfigDump\): it was probably taken with \?mask=/,
    );
  });

  it('one malformed resource is skipped with a note, not a failure', async () => {
    const dump = JSON.parse(readFileSync(fixture('sidecar-small.json'), 'utf8'));
    dump.configs[3].dynamic_listeners[0].active_state.listener.address.socket_address.port_value = 'eighty';
    const view = readListeners(openConfigDump(Buffer.from(JSON.stringify(dump)), 'x'));
    expect(view?.problems).toEqual([
      {
        where: 'dynamic_listeners[0]',
        message: expect.stringMatching(/^active_state\.listener\.address\.socket_address\.port_value: /),
      },
    ]);
    expect(view?.dynamic).toHaveLength(dump.configs[3].dynamic_listeners.length - 1);
  });
});

describe('pod and --file arguments', () => {
  it('needs a pod or --file', async () => {
    await expect(runProxyCommand(listeners, [], {})).rejects.toThrow(
      /Name a pod, or give a saved dump with --file DUMP\./,
    );
  });

  it('with --file, the pod names the target and the findings subject', async () => {
    const report = await runProxyCommand(configDump, ['shop/web-1'], { file: fixture('problems.json') });
    expect(report.target).toBe('shop/web-1');
    expect(report.sections[0]?.kind === 'findings' && report.sections[0].findings[0]?.subject).toEqual({
      kind: 'Pod',
      namespace: 'shop',
      name: 'web-1',
    });
  });

  it('rejects workloads and invalid filters with usage errors', async () => {
    await expect(
      runProxyCommand(listeners, ['deploy/web'], { file: fixture('sidecar-small.json') }),
    ).rejects.toThrow(/name a pod, not a deployment/);
    await expect(
      runProxyCommand(listeners, [], { file: fixture('sidecar-small.json'), port: '99999' }),
    ).rejects.toThrow(/--port must be between 1 and 65535/);
    await expect(
      runProxyCommand(listeners, [], { file: fixture('sidecar-small.json'), type: 'UDP' }),
    ).rejects.toThrow(/--type must be one of HTTP, TCP, HTTP\+TCP, UNKNOWN/);
    await expect(
      runProxyCommand(listeners, [], { file: fixture('sidecar-small.json'), fqdn: 'x' }),
    ).rejects.toThrow(/does not take --fqdn/);
  });
});
