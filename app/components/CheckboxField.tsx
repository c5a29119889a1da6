// A Polaris checkbox that sends its state under its name, "true" or "false", with or without the
// page's script (decision 030): a hidden "false" goes first and the ticked box's "true" follows it;
// the last value under a name is the one the actions (Object.fromEntries) and heldValues read.
// Memoised as the fields of components/fields are.
import { Checkbox, type CheckboxProps } from "@shopify/polaris";
import { memo } from "react";

export const CheckboxField = memo(function CheckboxField({ name, ...props }: Omit<CheckboxProps, "value"> & { name: string }) {
  return (
    <>
      <input type="hidden" name={name} value="false" />
      <Checkbox {...props} name={name} value="true" />
    </>
  );
});
