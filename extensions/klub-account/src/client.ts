// The app's client for this extension's targets (extensions/shared/klub.ts).
import { klubClient } from "../../shared/klub";
import { APP_URL } from "./config";

export const client = klubClient({
  appUrl: APP_URL,
  token: () => shopify.sessionToken.get(),
  language: () => shopify.localization.language.value.isoCode,
  surface: "account",
});
