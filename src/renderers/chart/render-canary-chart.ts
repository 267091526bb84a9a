import type { EChartsType } from 'echarts';
import type { CanaryChartData } from '../../core/canary-chart-data.ts';
import { canaryChartOption } from './canary-chart-option.ts';
import { chartFonts } from './chart-fonts.ts';

export type CanaryChartSize = { width?: number; height?: number };

/** Slack shows an image about this size in a thread; its preview stays legible at 1000×700. */
export const defaultChartSize = { width: 1000, height: 700 } as const;
const minSide = 320;
const maxSide = 4000;

/**
 * The canary chart as PNG bytes: ECharts draws the option (canary-chart-option.ts) as SVG on the
 * server, resvg rasterises it (on libuv's thread pool, so the bot's event loop keeps serving).
 * Both are loaded here, on the first chart, never at start-up: ECharts alone is 0.1–0.3 s.
 */
export async function renderCanaryChart(
  data: CanaryChartData,
  options: CanaryChartSize = {},
): Promise<Uint8Array> {
  const width = side(options.width ?? defaultChartSize.width, 'width');
  const height = side(options.height ?? defaultChartSize.height, 'height');
  const [echarts, resvg] = await Promise.all([loadECharts(), import('@resvg/resvg-js')]);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    chart.setOption(canaryChartOption(data, { width, height }));
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const image = await resvg.renderAsync(svg, {
    fitTo: { mode: 'original' },
    background: '#ffffff',
    font: chartFonts(),
  });
  const png = image.asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

function side(value: number, name: string): number {
  if (!Number.isInteger(value) || value < minSide || value > maxSide)
    throw new RangeError(
      `chart ${name} must be a whole number of pixels from ${minSide} to ${maxSide}, not ${value}`,
    );
  return value;
}

type EChartsModule = {
  init: (
    dom: null,
    theme: null,
    opts: { renderer: 'svg'; ssr: true; width: number; height: number },
  ) => EChartsType;
};

// ECharts' single-file build of its common charts (line, markLine, legend, title, grid and the SVG
// renderer among them): one 0.7 MB file loads in about a quarter of the time of its ES module tree
// (some 400 files). The specifier is a variable because the package declares no types for it.
const echartsBuild: string = 'echarts/dist/echarts.common.min.js';

async function loadECharts(): Promise<EChartsModule> {
  const module = (await import(echartsBuild)) as { default: EChartsModule };
  return module.default;
}
