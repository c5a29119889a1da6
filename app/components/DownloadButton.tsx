// Downloads a file the app makes (a CSV, a PDF). A plain link would reach the app without a session
// token, so the file is fetched (App Bridge adds the token) and handed to the browser as a download.
import { useAppBridge } from "@shopify/app-bridge-react";
import { Button } from "@shopify/polaris";
import { useState } from "react";

export function DownloadButton({ url, fallbackName, label, failedText }: { url: string; fallbackName: string; label: string; failedText: string }) {
  const shopify = useAppBridge();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`Download failed: ${response.status}`);
      const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? fallbackName;
      const href = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement("a"), { href, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    } catch {
      shopify.toast.show(failedText, { isError: true });
    } finally {
      setBusy(false);
    }
  };
  return <Button onClick={download} loading={busy}>{label}</Button>;
}
