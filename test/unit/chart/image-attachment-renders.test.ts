import { describe, expect, it } from 'vitest';
import { AttachmentSchema, type Report } from '../../../src/core/report.ts';
import { renderJson } from '../../../src/renderers/json.ts';
import { renderText } from '../../../src/renderers/text.ts';

const png = new Uint8Array(3 * 1024 + 100).fill(7);
const report: Report = {
  command: 'canary status',
  cluster: 'prod',
  target: 'cart -n shop',
  headline: 'canary of cart',
  sections: [],
  notes: [],
  attachments: [
    { filename: 'canary-shop-cart.png', title: 'cart · shop', mediaType: 'image/png', bytes: png },
    { filename: 'rows.txt', title: 'All rows', content: 'héllo' },
  ],
};

describe('an image attachment in the text and JSON renderings', () => {
  it('text names the chart and the flag that writes it, never its bytes', () => {
    const text = renderText(report);
    expect(text).toContain('chart: canary-shop-cart.png (PNG, 3 KB) — write it with --chart FILE');
    expect(text).toContain('attachment: rows.txt (6 bytes) — All rows');
    expect(text).not.toContain('\u0007');
  });

  it('JSON lists filename, title, size and media type, never the content', () => {
    const json = JSON.parse(renderJson(report)) as { attachments: unknown[] };
    expect(json.attachments).toEqual([
      {
        filename: 'canary-shop-cart.png',
        title: 'cart · shop',
        bytes: png.byteLength,
        mediaType: 'image/png',
      },
      { filename: 'rows.txt', title: 'All rows', bytes: 6, mediaType: 'text/plain' },
    ]);
    expect(renderJson(report)).not.toContain('héllo');
  });

  it('the schema takes text or PNG bytes, and refuses an image without bytes', () => {
    expect(AttachmentSchema.safeParse(report.attachments[0]).success).toBe(true);
    expect(AttachmentSchema.safeParse(report.attachments[1]).success).toBe(true);
    expect(
      AttachmentSchema.safeParse({ filename: 'a.png', title: 'A', mediaType: 'image/png', content: 'AAAA' })
        .success,
    ).toBe(false);
  });
});
