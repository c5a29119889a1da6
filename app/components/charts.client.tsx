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
  const yAxisOptions = formatValue ? { labelFormatter: formatValue } : undefined;
  return (
    <PolarisVizProvider>
      {kind === "line" ? (
        <LineChart theme="Light" data={data} yAxisOptions={yAxisOptions} emptyStateText={emptyText} />
      ) : (
        <BarChart theme="Light" data={data} yAxisOptions={yAxisOptions} xAxisOptions={formatValue && horizontal ? { labelFormatter: formatValue } : undefined} direction={horizontal ? "horizontal" : "vertical"} emptyStateText={emptyText} />
      )}
    </PolarisVizProvider>
  );
}
