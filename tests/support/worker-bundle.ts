// A worker thread's module that imports the app, bundled once with Vite for the threads a test
// starts: each thread then loads plain JavaScript, where with `--import tsx` each registered the
// loader and transformed the app's modules again (20 threads were ready in 6.2 s instead of 11.6 s here).
// The bundle goes under node_modules/.cache, where its imports of packages resolve.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "vite";

export async function bundleWorker(entry: URL): Promise<{ url: URL; remove: () => void }> {
  const cache = join("node_modules", ".cache");
  mkdirSync(cache, { recursive: true }); // npm ci does not make it; a tool may not have yet
  const outDir = mkdtempSync(join(cache, "klub-test-worker-"));
  await build({
    configFile: false,
    logLevel: "warn",
    build: { ssr: fileURLToPath(entry), target: "node22", outDir, rollupOptions: { output: { format: "esm", entryFileNames: "worker.mjs" } } },
  });
  return { url: pathToFileURL(join(outDir, "worker.mjs")), remove: () => rmSync(outDir, { recursive: true, force: true }) };
}
