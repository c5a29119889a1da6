// A chart that draws in the browser; until it does (the server's page, the chart library loading)
// a skeleton keeps its space, so the card never stands blank.
import { SkeletonBodyText } from "@shopify/polaris";
import { lazy, Suspense, useSyncExternalStore } from "react";
import type { ChartProps } from "./charts.client";

const ClientChart = lazy(() => import("./charts.client"));
const subscribe = () => () => {};

export function Chart({ label, height = 260, ...props }: ChartProps & { label: string; height?: number }) {
  const inBrowser = useSyncExternalStore(subscribe, () => true, () => false);
  return (
    <div role="figure" aria-label={label} aria-busy={!inBrowser} style={{ height }}>
      {inBrowser ? (
        <Suspense fallback={<ChartSkeleton />}>
          <ClientChart {...props} />
        </Suspense>
      ) : (
        <ChartSkeleton />
      )}
    </div>
  );
}

function ChartSkeleton() {
  return (
    <div data-chart-skeleton>
      <SkeletonBodyText lines={6} />
    </div>
  );
}
