import type {
  EChartsOption,
  GridComponentOption,
  LineSeriesOption,
  TitleComponentOption,
  XAXisComponentOption,
  YAXisComponentOption,
} from 'echarts';
import type { CanaryChartData, CanaryChartPoint, CanaryChartSeries } from '../../core/canary-chart-data.ts';

// The canary chart as an ECharts option, pure (no ECharts at run time: only its types), so what
// is drawn can be tested without rendering. Three panels stacked on one time axis: requests/s,
// 5xx share (%), p99 (ms); stable and canary in the Okabe–Ito blue and orange (told apart with
// every common colour-vision deficiency, and in greyscale by their symbols); the canary weight
// steps as dashed vertical lines labelled "30%". Sized for Slack's preview (1000×700 by default).

/** Okabe–Ito colours: stable in blues, canary in oranges (a second series of a role takes the second). */
export const roleColours = {
  stable: ['#0072B2', '#56B4E9'],
  canary: ['#E69F00', '#D55E00'],
} as const;
const roleSymbols = { stable: 'circle', canary: 'triangle' } as const;
const stepColour = '#555555';
const textColour = '#222222';
const fontFamily = 'DejaVu Sans, sans-serif';

export type CanaryChartPanel = {
  /** The panel's name, along its value axis. */
  name: string;
  /** The point's value in the panel's unit (5xx share as a percentage), or null for a gap. */
  value: (p: CanaryChartPoint) => number | null;
  unit: string;
};

export const canaryChartPanels: readonly CanaryChartPanel[] = [
  { name: 'requests/s', value: (p) => p.rps, unit: 'req/s' },
  { name: '5xx share', value: (p) => (p.errorShare === null ? null : percent(p.errorShare)), unit: '%' },
  { name: 'p99 (ms)', value: (p) => p.p99Ms, unit: 'ms' },
];

export const noTrafficText = 'no traffic in window';

/** The layout the option is computed for; the renderer passes the image size. */
export type CanaryChartLayout = { width: number; height: number };

/** The line series the chart draws for one input series in one panel, in option order. */
export type CanaryChartLineSeries = LineSeriesOption & {
  name: string;
  xAxisIndex: number;
  yAxisIndex: number;
  data: [number, number | null][];
};

export type CanaryChartOption = EChartsOption & {
  title: TitleComponentOption[];
  grid: GridComponentOption[];
  xAxis: XAXisComponentOption[];
  yAxis: YAXisComponentOption[];
  series: LineSeriesOption[];
};

/**
 * The ECharts option for `data`: every input series once per panel (same name, so the legend
 * names each once), nulls kept as nulls (ECharts leaves a gap: no traffic is not zero), 5xx share
 * in percent, and one markLine series per panel holding the weight steps inside the window.
 */
export function canaryChartOption(
  data: CanaryChartData,
  layout: CanaryChartLayout = { width: 1000, height: 700 },
): CanaryChartOption {
  const from = data.from * 1000;
  const to = Math.max(data.to, data.from + 1) * 1000;
  const hasTraffic = data.series.some((s) =>
    s.points.some((p) => canaryChartPanels.some((panel) => panel.value(p) !== null)),
  );
  const steps = data.weightSteps.filter((s) => s.t >= data.from && s.t <= data.to);
  const panels = panelRects(layout);

  const title: TitleComponentOption[] = [
    {
      text: data.title,
      subtext: subtitle(data),
      left: 16,
      top: 8,
      textStyle: { fontSize: 17, fontWeight: 'bold', color: textColour, fontFamily },
      subtextStyle: { fontSize: 12, color: '#555555', fontFamily },
      itemGap: 4,
    },
  ];
  if (!hasTraffic)
    title.push({
      text: noTrafficText,
      left: 'center',
      top: 'middle',
      textStyle: { fontSize: 22, fontWeight: 'normal', color: '#777777', fontFamily },
      backgroundColor: 'rgba(255,255,255,0.85)',
      padding: [8, 14],
    });

  const grid = panels.map(
    (rect): GridComponentOption => ({
      left: rect.left,
      right: rect.right,
      top: rect.top,
      height: rect.height,
      show: true,
      borderColor: '#cccccc',
      backgroundColor: '#ffffff',
    }),
  );

  const xAxis = canaryChartPanels.map(
    (_, i): XAXisComponentOption => ({
      type: 'time',
      gridIndex: i,
      min: from,
      max: to,
      axisLine: { lineStyle: { color: '#999999' } },
      axisTick: { show: i === canaryChartPanels.length - 1 },
      splitLine: { show: true, lineStyle: { color: '#eeeeee' } },
      axisLabel: {
        show: i === canaryChartPanels.length - 1,
        fontSize: 12,
        color: textColour,
        fontFamily,
        hideOverlap: true,
        formatter: {
          year: '{yyyy}',
          month: '{MMM}',
          day: '{d} {MMM}',
          hour: '{HH}:{mm}',
          minute: '{HH}:{mm}',
          second: '{HH}:{mm}:{ss}',
          millisecond: '{HH}:{mm}:{ss}',
        },
      },
      name: i === canaryChartPanels.length - 1 ? 'UTC' : '',
      nameLocation: 'end',
      nameTextStyle: { fontSize: 11, color: '#555555', fontFamily },
      nameGap: 8,
    }),
  );

  const yAxis = canaryChartPanels.map((panel, i): YAXisComponentOption => {
    const values = data.series.flatMap((s) => s.points.map(panel.value)).filter((v) => v !== null);
    const top = Math.max(0, ...values);
    return {
      type: 'value',
      gridIndex: i,
      min: 0,
      // A flat zero (or an empty panel) still gets a readable scale; otherwise ECharts picks one.
      ...(top > 0 ? { splitNumber: 3 } : { max: 1, interval: 0.5 }),
      // A share never exceeds 100 %: ECharts' rounded-up scale would show 120 % for a canary at 100 %.
      ...(panel.unit === '%' && top > 75 ? { max: 100, interval: 25 } : {}),
      name: panel.name,
      nameLocation: 'middle',
      nameRotate: 90,
      nameGap: 50,
      nameTextStyle: { fontSize: 13, fontWeight: 'bold', color: textColour, fontFamily },
      axisLabel: {
        show: values.length > 0,
        fontSize: 12,
        color: textColour,
        fontFamily,
        formatter: (v: number) => formatTick(v, panel.unit),
      },
      splitLine: { lineStyle: { color: '#eeeeee' } },
    };
  });

  const roleCount = { stable: 0, canary: 0 };
  const lines: CanaryChartLineSeries[] = data.series.flatMap((s) => {
    const colour = roleColours[s.role][Math.min(roleCount[s.role]++, 1)] ?? roleColours[s.role][0];
    return canaryChartPanels.map((panel, i) => lineSeries(s, panel, i, colour));
  });
  const markers: LineSeriesOption[] = canaryChartPanels.map((_, i) => ({
    type: 'line',
    name: 'canary weight',
    xAxisIndex: i,
    yAxisIndex: i,
    data: [],
    silent: true,
    markLine: {
      silent: true,
      symbol: ['none', 'none'],
      animation: false,
      lineStyle: { color: stepColour, type: 'dashed', width: 1.5 },
      label: {
        show: i === 0,
        position: 'end',
        formatter: '{b}',
        fontSize: 12,
        fontWeight: 'bold',
        color: stepColour,
        fontFamily,
      },
      data: steps.map((s) => ({ name: `${formatWeight(s.weight)}%`, xAxis: s.t * 1000 })),
    },
  }));

  return {
    animation: false,
    useUTC: true,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily, color: textColour },
    title,
    legend: {
      data: data.series.map((s) => s.label),
      top: 14,
      right: 20,
      itemWidth: 26,
      itemHeight: 12,
      itemGap: 18,
      textStyle: { fontSize: 13, color: textColour, fontFamily },
    },
    grid,
    xAxis,
    yAxis,
    series: [...lines, ...markers],
  };
}

function lineSeries(
  s: CanaryChartSeries,
  panel: CanaryChartPanel,
  index: number,
  colour: string,
): CanaryChartLineSeries {
  const many = s.points.length > 60;
  return {
    type: 'line',
    name: s.label,
    xAxisIndex: index,
    yAxisIndex: index,
    data: s.points.map((p): [number, number | null] => [p.t * 1000, panel.value(p)]),
    connectNulls: false,
    // A point between two gaps has no line, only its symbol, so symbols stay on (smaller when dense).
    showSymbol: true,
    symbol: roleSymbols[s.role],
    symbolSize: many ? 4 : 7,
    lineStyle: { width: s.role === 'canary' ? 2.5 : 2, color: colour },
    itemStyle: { color: colour },
    emphasis: { disabled: true },
    z: s.role === 'canary' ? 3 : 2,
  };
}

type Rect = { left: number; right: number; top: number; height: number };

/** Three panels between the header (title, legend) and the time axis labels. */
function panelRects(layout: CanaryChartLayout): Rect[] {
  const header = 78;
  const footer = 34;
  const gap = 28;
  const count = canaryChartPanels.length;
  const height = Math.max(40, Math.floor((layout.height - header - footer - gap * (count - 1)) / count));
  return canaryChartPanels.map((_, i) => ({
    left: 84,
    right: 36,
    top: header + i * (height + gap),
    height,
  }));
}

function subtitle(data: CanaryChartData): string {
  const before = [...data.weightSteps].filter((s) => s.t < data.from).at(-1);
  const inside = data.weightSteps.filter((s) => s.t >= data.from && s.t <= data.to);
  const weights = [...(before ? [before] : []), ...inside].map((s) => `${formatWeight(s.weight)}%`);
  const window = `${clock(data.from)}–${clock(data.to)} UTC`;
  return weights.length > 0 ? `${window} · canary weight ${weights.join(' → ')}` : window;
}

function clock(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(11, 16);
}

function percent(share: number): number {
  return Math.round(share * 100 * 10_000) / 10_000;
}

function formatWeight(weight: number): string {
  return Number.isInteger(weight) ? String(weight) : weight.toFixed(1);
}

function formatTick(value: number, unit: string): string {
  const abs = Math.abs(value);
  const text =
    abs >= 10_000
      ? `${Math.round(value / 1000)}k`
      : abs >= 1000
        ? `${(value / 1000).toFixed(1)}k`
        : trim(value);
  return unit === '%' ? `${text}%` : text;
}

function trim(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
}
