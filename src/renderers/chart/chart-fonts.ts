// The fonts resvg draws the chart's text with. resvg has no fonts of its own: text without one is
// simply not drawn. DejaVu Sans comes with meshdoc (the dejavu-fonts-ttf package), so a chart
// reads the same on a laptop and in the slim container image, which has no fonts at all; the
// system's fonts are loaded (about 25 ms) only when that package is missing.

export const chartFontFamily = 'DejaVu Sans';

export type ChartFontOptions = {
  loadSystemFonts: boolean;
  fontFiles: string[];
  defaultFontFamily: string;
};

const packagedFonts = ['dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'];

let cached: ChartFontOptions | undefined;

/** resvg's `font` option: the packaged DejaVu Sans, or the system's fonts when it cannot be found. */
export function chartFonts(): ChartFontOptions {
  cached ??= resolveFonts();
  return cached;
}

function resolveFonts(): ChartFontOptions {
  const { createRequire } = process.getBuiltinModule('node:module');
  const require = createRequire(import.meta.url);
  const fontFiles: string[] = [];
  for (const font of packagedFonts) {
    try {
      fontFiles.push(require.resolve(font));
    } catch {
      // Not installed: the system's fonts stand in.
    }
  }
  return { loadSystemFonts: fontFiles.length === 0, fontFiles, defaultFontFamily: chartFontFamily };
}
