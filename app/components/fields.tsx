// Polaris' text field and select, memoised (decision 034). A form that holds its values in one
// state object renders again on every key and click; without this, each of its fields would render
// again too, and a long form answers a click slower than Built for Shopify allows. A field is
// skipped only while its props are the same: pass `set(field)` of useFormValues (stable) and
// option lists made once (useMemo), not new ones on each render.
import { Select as PolarisSelect, TextField as PolarisTextField } from "@shopify/polaris";
import { memo } from "react";

export const TextField = memo(PolarisTextField);
export const Select = memo(PolarisSelect);
