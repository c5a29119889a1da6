// A test email the owner sends themselves: to whom, and what their mail server answered. Fields
// the test also needs (its language) come in as children, inside the same form.
import { Form } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { TextField } from "./fields";
import { useFormValues } from "../form-values";
import { useT } from "../i18n/I18nProvider";

export interface TestAnswer {
  to: string;
  answer: string;
  sent: boolean;
}

export function EmailTestCard({ title, help, error, disabled, loading, answer, children }: { title: string; help?: string; error?: string; disabled: boolean; loading: boolean; answer: TestAnswer | null; children?: ReactNode }) {
  const t = useT();
  const { form, values, set } = useFormValues({ to: "" });
  return (
    <Card>
      <Form method="post" ref={form}>
        <input type="hidden" name="intent" value="test" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">{title}</Text>
          {help ? <Text as="p" tone="subdued">{help}</Text> : null}
          <FormLayout>
            <FormLayout.Group>
              <TextField label={t("email.testTo")} name="to" type="email" value={values.to} onChange={set("to")} error={error} autoComplete="email" />
              {children}
            </FormLayout.Group>
            <Button submit loading={loading} disabled={disabled}>{t("email.sendTest")}</Button>
          </FormLayout>
          {answer ? (
            <Banner tone={answer.sent ? "success" : "critical"} title={t(answer.sent ? "email.testSent" : "email.testFailed", { to: answer.to })}>
              <Text as="p">{t("email.answer", { answer: answer.answer })}</Text>
            </Banner>
          ) : null}
        </BlockStack>
      </Form>
    </Card>
  );
}
