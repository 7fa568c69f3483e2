import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // The same aliases as tsconfig.json's paths (which the Remix compiler and tsx read).
    alias: {
      "~drizzle": fileURLToPath(new URL("./drizzle", import.meta.url)),
      "~": fileURLToPath(new URL("./app", import.meta.url)),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    setupFiles: ["tests/setup.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
  },
});
