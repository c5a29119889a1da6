// A chart that draws in the browser; the server (and the first paint) keep its space.
import { lazy, Suspense, useSyncExternalStore } from "react";
import type { ChartProps } from "./charts.client";

const ClientChart = lazy(() => import("./charts.client"));
const subscribe = () => () => {};

export function Chart({ label, height = 260, ...props }: ChartProps & { label: string; height?: number }) {
  const inBrowser = useSyncExternalStore(subscribe, () => true, () => false);
  return (
    <div role="figure" aria-label={label} style={{ height }}>
      {inBrowser ? (
        <Suspense fallback={null}>
          <ClientChart {...props} />
        </Suspense>
      ) : null}
    </div>
  );
}
