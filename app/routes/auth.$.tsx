import type { LoaderFunctionArgs } from "@remix-run/node";
import { adaptDocumentHeadersForSandbox } from "../sandbox-switch.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  try {
    await authenticate.admin(request);
  } catch (thrown) {
    // The bounce page (/auth/session-token) is a document of the library's own, not rendered by
    // entry.server: give it the same headers.
    if (thrown instanceof Response) adaptDocumentHeadersForSandbox(thrown.headers);
    throw thrown;
  }
  return null;
};
