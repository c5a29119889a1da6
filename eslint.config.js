import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", ".cache/", "node_modules/", "extensions/*/dist/", "**/shopify.d.ts", "test-results/", ".stryker-tmp/", "reports/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The domain knows nothing of Remix or Shopify (docs/architecture.md).
    files: ["app/loyalty/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["@remix-run/*", "@shopify/*", "../shopify/*", "../routes/*", "../*.server"] },
      ],
    },
  },
);
