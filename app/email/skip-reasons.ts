// Why an email was not sent, as the code kept in EmailDelivery.note (the admin words it as
// `email.notes.<code>`); a server's own answer is kept as it said it.
export const SKIP_REASONS = ["redacted", "noAddress", "unsubscribed", "typeOff", "noConsent", "noSecretsKey", "uninstalled", "noServer"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export function isSkipReason(note: string | null): note is SkipReason {
  return (SKIP_REASONS as readonly (string | null)[]).includes(note);
}
