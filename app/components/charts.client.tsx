// polaris-viz charts, loaded in the browser only (they measure the page as they draw).
import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import type { DataSeries } from "@shopify/polaris-viz";

export interface ChartProps {
  kind: "bar" | "line";
  data: DataSeries[];
  formatValue?: (value: number | string | null) => string;
  emptyText: string;
  horizontal?: boolean;
}

// Polaris' light theme with straight lines: a spline between counts per day or week swings
// above and below them, showing values nothing had.
const THEMES = { Klub: { line: { hasSpline: false } } };

export default function Chart({ kind, data, formatValue, emptyText, horizontal }: ChartProps) {
  // Values go on the y axis, or on the x axis when the bars lie down; the other axis names the
  // categories, which the value formatter would turn into "$NaN".
  const values = formatValue ? { labelFormatter: formatValue } : undefined;
  return (
    <PolarisVizProvider themes={THEMES}>
      {kind === "line" ? (
        <LineChart theme="Klub" data={data} yAxisOptions={values} emptyStateText={emptyText} />
      ) : (
        <BarChart theme="Klub" data={data} yAxisOptions={horizontal ? undefined : values} xAxisOptions={horizontal ? values : undefined} direction={horizontal ? "horizontal" : "vertical"} emptyStateText={emptyText} />
      )}
    </PolarisVizProvider>
  );
}
