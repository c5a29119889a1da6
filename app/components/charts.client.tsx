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

export default function Chart({ kind, data, formatValue, emptyText, horizontal }: ChartProps) {
  // Values go on the y axis, or on the x axis when the bars lie down; the other axis names the
  // categories, which the value formatter would turn into "$NaN".
  const values = formatValue ? { labelFormatter: formatValue } : undefined;
  return (
    <PolarisVizProvider>
      {kind === "line" ? (
        <LineChart theme="Light" data={data} yAxisOptions={values} emptyStateText={emptyText} />
      ) : (
        <BarChart theme="Light" data={data} yAxisOptions={horizontal ? undefined : values} xAxisOptions={horizontal ? values : undefined} direction={horizontal ? "horizontal" : "vertical"} emptyStateText={emptyText} />
      )}
    </PolarisVizProvider>
  );
}
