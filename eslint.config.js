// ESLint 9 flat config: Next.js core-web-vitals + TypeScript rules.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import globals from "globals";

const config = [
  {
    ignores: [
      ".next/**",
      ".data/**",
      "node_modules/**",
      "lib/generated/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      "coverage/**",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  {
    // Links prefetch on intent, not on sight: every link goes through components/ui/link.tsx.
    files: ["app/**", "components/**"],
    ignores: ["components/ui/link.tsx"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "next/link", message: "Import Link from @/components/ui/link (it prefetches on intent)." }] }],
    },
  },
  {
    // The emulator's Stripe.js and its pages: plain browser scripts, not part of the Next app.
    files: ["emulator/stripejs/public/**/*.js"],
    languageOptions: { globals: { ...globals.browser }, sourceType: "script" },
    rules: { "@next/next/no-html-link-for-pages": "off" },
  },
  {
    // Node programs: orchestration, CLIs, the emulator server, tests.
    files: ["scripts/**", "prisma/**", "emulator/**/*.ts", "tests/**", "e2e/**", "*.config.{ts,js}"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Playwright fixtures call `use(...)`, which is not React's hook.
    files: ["e2e/**", "emulator/e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // App specs take `test` from e2e/support/test.ts, which fails a test on any CSP violation.
    files: ["e2e/**/*.spec.ts", "e2e/**/*.setup.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@playwright/test", message: "Import test and expect from ./support/test.", allowTypeImports: true }] },
      ],
    },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { globals: { ...globals.node }, sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
];

export default config;
