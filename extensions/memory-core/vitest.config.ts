import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    // Keep the SDK native so jiti-loaded plugins and the test share one module instance.
    server: { deps: { external: [/\/packages\/plugin-sdk\/dist\//] } },
  },
});
