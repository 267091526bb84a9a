import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { roleColours } from '../../../src/renderers/chart/canary-chart-option.ts';
import { renderCanaryChart } from '../../../src/renderers/chart/render-canary-chart.ts';
import { canaryData, emptyData } from './canary-chart-fixture.ts';

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which a PNG must start with. */
function ihdr(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** How many pixels are within `tolerance` of `hex` in every channel. */
function pixelsLike(image: PNG, hex: string, tolerance = 24): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [
    number,
    number,
    number,
  ];
  let count = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (
      Math.abs((image.data[i] ?? 0) - r) <= tolerance &&
      Math.abs((image.data[i + 1] ?? 0) - g) <= tolerance &&
      Math.abs((image.data[i + 2] ?? 0) - b) <= tolerance
    )
      count++;
  }
  return count;
}

function darkPixels(image: PNG, region: { x0: number; x1: number; y0: number; y1: number }): number {
  let count = 0;
  for (let y = region.y0; y < region.y1; y++)
    for (let x = region.x0; x < region.x1; x++) {
      const i = (y * image.width + x) * 4;
      if (
        (image.data[i] ?? 255) < 160 &&
        (image.data[i + 1] ?? 255) < 160 &&
        (image.data[i + 2] ?? 255) < 160
      )
        count++;
    }
  return count;
}

describe('renderCanaryChart: the PNG', () => {
  it('is a PNG of the default size (1000×700, legible in Slack) with both series drawn', async () => {
    const png = await renderCanaryChart(canaryData);
    expect([...png.subarray(0, 8)]).toEqual(pngSignature);
    expect(ihdr(png)).toEqual({ width: 1000, height: 700 });
    const image = PNG.sync.read(Buffer.from(png));
    expect([image.width, image.height]).toEqual([1000, 700]);
    // Both lines (and their legend marks) are there, in their own colours.
    expect(pixelsLike(image, roleColours.stable[0])).toBeGreaterThan(500);
    expect(pixelsLike(image, roleColours.canary[0])).toBeGreaterThan(500);
    // Text was drawn (a font was found): the title's corner is not blank.
    expect(darkPixels(image, { x0: 10, x1: 400, y0: 5, y1: 35 })).toBeGreaterThan(200);
  });

  it('renders at the size asked for', async () => {
    const png = await renderCanaryChart(canaryData, { width: 640, height: 480 });
    expect(ihdr(png)).toEqual({ width: 640, height: 480 });
    expect(PNG.sync.read(Buffer.from(png)).width).toBe(640);
  });

  it('refuses a size that is no image', async () => {
    await expect(renderCanaryChart(canaryData, { width: 0 })).rejects.toThrow(/width must be/);
    await expect(renderCanaryChart(canaryData, { height: 1.5 })).rejects.toThrow(/height must be/);
    await expect(renderCanaryChart(canaryData, { width: 100_000 })).rejects.toThrow(/width must be/);
  });

  it('with no points still renders the chart, saying there was no traffic', async () => {
    const png = await renderCanaryChart(emptyData);
    expect(ihdr(png)).toEqual({ width: 1000, height: 700 });
    const image = PNG.sync.read(Buffer.from(png));
    expect(pixelsLike(image, roleColours.stable[0], 10)).toBe(0);
    expect(pixelsLike(image, roleColours.canary[0], 10)).toBe(0);
    // "no traffic in window", centred, in grey.
    expect(darkPixels(image, { x0: 350, x1: 650, y0: 330, y1: 370 })).toBeGreaterThan(100);
  });
});
