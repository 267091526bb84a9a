import { describe, expect, it } from 'vitest';
import { openConfigDump, resources } from '../../src/envoy/config-dump.ts';
import { indexJsonDocument } from '../../src/envoy/index-json-document.ts';

const lt = 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump';

describe('indexJsonDocument', () => {
  it('finds sections and the byte span of each resource, whatever the formatting', () => {
    const text = `\ufeff{"configs":[{"@type":"${lt}","dynamic_listeners":[{"name":"a \\" ] }"},{"name":"b"}],"version_info":"x"}]}`;
    const buf = Buffer.from(text);
    const doc = indexJsonDocument(buf);
    if (doc.shape !== 'config_dump') throw new Error(doc.shape);
    const [section] = doc.sections;
    expect(section?.typeUrl).toBe(lt);
    const spans = section?.members.get('dynamic_listeners')?.elements ?? [];
    expect(spans.length / 2).toBe(2);
    expect(JSON.parse(buf.toString('utf8', spans[0], spans[1]))).toEqual({ name: 'a " ] }' });
  });

  it('@type need not come first, and escaped type URLs are decoded', () => {
    const doc = indexJsonDocument(
      Buffer.from(
        `{"configs":[{"dynamic_listeners":[],"@type":"type.googleapis.com\\/envoy.admin.v3.ListenersConfigDump"}]}`,
      ),
    );
    expect(doc.shape === 'config_dump' && doc.sections[0]?.typeUrl).toBe(lt);
  });

  it('a list of scalars falls back to parsing the whole member, so the schema can complain', () => {
    const dump = openConfigDump(
      Buffer.from(`{"configs":[{"@type":"${lt}","dynamic_listeners":["oops", 3]}]}`),
      'x',
    );
    const section = dump.sections[0];
    if (!section) throw new Error('no section');
    expect([...resources(dump, section, 'dynamic_listeners')].map((r) => r.value)).toEqual(['oops', 3]);
  });

  it('recognises /clusters output and other shapes', () => {
    expect(indexJsonDocument(Buffer.from('{"cluster_statuses": []}')).shape).toBe('clusters');
    expect(indexJsonDocument(Buffer.from(' [1, 2]')).shape).toBe('array');
    expect(indexJsonDocument(Buffer.from('{"a": {"configs": []}}'))).toEqual({
      shape: 'object',
      keys: ['a'],
    });
  });
});
