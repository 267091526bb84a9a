import { describe, expect, it } from 'vitest';
import {
  type CanaryChartLineSeries,
  canaryChartOption,
  noTrafficText,
  roleColours,
} from '../../../src/renderers/chart/canary-chart-option.ts';
import { canaryData, emptyData, from, to } from './canary-chart-fixture.ts';

const lines = (option: ReturnType<typeof canaryChartOption>) =>
  option.series.filter((s) => s.name !== 'canary weight') as CanaryChartLineSeries[];

describe('canaryChartOption: what ECharts is asked to draw', () => {
  const option = canaryChartOption(canaryData);

  it('three stacked panels on one time axis covering the window', () => {
    expect(option.grid).toHaveLength(3);
    expect(option.xAxis.map((x) => [x.type, x.gridIndex, x.min, x.max])).toEqual([
      ['time', 0, from * 1000, to * 1000],
      ['time', 1, from * 1000, to * 1000],
      ['time', 2, from * 1000, to * 1000],
    ]);
    expect(option.yAxis.map((y) => y.name)).toEqual(['requests/s', '5xx share', 'p99 (ms)']);
    // Panels do not overlap, top to bottom.
    const tops = option.grid.map((g) => Number(g.top));
    const heights = option.grid.map((g) => Number(g.height));
    for (let i = 1; i < 3; i++)
      expect(tops[i] ?? 0).toBeGreaterThan((tops[i - 1] ?? 0) + (heights[i - 1] ?? 0));
  });

  it('every series once per panel, named by its label, every point kept', () => {
    expect(lines(option).map((s) => [s.name, s.xAxisIndex, s.yAxisIndex, s.data.length])).toEqual([
      ['stable (v1)', 0, 0, 21],
      ['stable (v1)', 1, 1, 21],
      ['stable (v1)', 2, 2, 21],
      ['canary (v2)', 0, 0, 21],
      ['canary (v2)', 1, 1, 21],
      ['canary (v2)', 2, 2, 21],
    ]);
    expect(option.legend).toMatchObject({ data: ['stable (v1)', 'canary (v2)'] });
  });

  it('keeps gaps as null (no traffic is not zero) and never joins across them', () => {
    const canaryRps = lines(option)[3];
    expect(canaryRps?.data.slice(0, 4)).toEqual([
      [from * 1000, null],
      [(from + 15) * 1000, null],
      [(from + 30) * 1000, null],
      [(from + 45) * 1000, 12],
    ]);
    expect(canaryRps?.data[11]).toEqual([(from + 165) * 1000, null]);
    expect(lines(option).every((s) => s.connectNulls === false)).toBe(true);
  });

  it('5xx share in percent, p99 in ms as given', () => {
    const [, stableErrors, stableP99, , canaryErrors] = lines(option);
    expect(stableErrors?.data[0]?.[1]).toBeCloseTo(0.2, 10);
    expect(canaryErrors?.data[20]?.[1]).toBeCloseTo(7, 10);
    expect(stableP99?.data[1]?.[1]).toBe(190);
  });

  it('the 5xx panel stops at 100 % when a version fails everything (no rounded-up 120 %)', () => {
    const failing = {
      ...canaryData,
      series: canaryData.series.map((s) =>
        s.role === 'canary' ? { ...s, points: s.points.map((p) => ({ ...p, rps: 2, errorShare: 1 })) } : s,
      ),
    };
    const yAxes = canaryChartOption(failing).yAxis as { max?: number }[];
    expect(yAxes[1]?.max).toBe(100);
    // Below 75 % ECharts picks the scale.
    expect((option.yAxis as { max?: number }[])[1]?.max).toBeUndefined();
  });

  it('stable and canary in distinct colour-blind-safe colours', () => {
    const colours = lines(option).map((s) => [s.name, (s.lineStyle as { color: string }).color]);
    expect(new Set(colours.filter(([n]) => n === 'stable (v1)').map(([, c]) => c))).toEqual(
      new Set([roleColours.stable[0]]),
    );
    expect(new Set(colours.filter(([n]) => n === 'canary (v2)').map(([, c]) => c))).toEqual(
      new Set([roleColours.canary[0]]),
    );
  });

  it('weight steps inside the window as vertical markLines labelled "30%", on every panel', () => {
    const markers = option.series.filter((s) => s.name === 'canary weight');
    expect(markers).toHaveLength(3);
    for (const [i, marker] of markers.entries()) {
      expect(marker.markLine?.data).toEqual([
        { name: '30%', xAxis: (from + 135) * 1000 },
        { name: '50%', xAxis: (from + 240) * 1000 },
      ]);
      // Labelled once, above the top panel.
      expect(marker.markLine?.label?.show).toBe(i === 0);
    }
    // The weight in force before the window and each step are in the subtitle.
    expect(option.title[0]?.subtext).toContain('canary weight 10% → 30% → 50%');
    expect(option.title.some((t) => t.text === noTrafficText)).toBe(false);
  });

  it('no points at all: still three panels, saying there was no traffic', () => {
    const empty = canaryChartOption(emptyData);
    expect(empty.grid).toHaveLength(3);
    expect(lines(empty)).toEqual([]);
    expect(empty.title.map((t) => t.text)).toContain(noTrafficText);
    const onlyGaps = canaryChartOption({
      ...canaryData,
      series: canaryData.series.map((s) => ({
        ...s,
        points: s.points.map((p) => ({ t: p.t, rps: null, errorShare: null, p99Ms: null })),
      })),
    });
    expect(onlyGaps.title.map((t) => t.text)).toContain(noTrafficText);
    expect(lines(onlyGaps)).toHaveLength(6);
  });
});
