import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHome, type Home, repoRoot } from "./helpers.js";

let home: Home;
let project: string;

beforeAll(() => {
  home = createHome({ bundled: false });
  project = join(home.dir, "third-party-plugin");
  mkdirSync(join(project, "node_modules/@types"), { recursive: true });
  symlinkSync(join(repoRoot, "packages/cli"), join(project, "node_modules/openclaw"));
  symlinkSync(join(repoRoot, "node_modules/@types/node"), join(project, "node_modules/@types/node"));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "third-party", type: "module" }));
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ["node"],
      },
    }),
  );
  writeFileSync(
    join(project, "index.ts"),
    `import { definePluginEntry, type OpenClawPluginApi, OpenClawError } from "openclaw/plugin-sdk/core";
import { emptyPluginConfigSchema } from "openclaw/plugin-sdk";
import { defineChannelPluginEntry } from "openclaw/plugin-sdk/telegram";
export default definePluginEntry({
  id: "third-party",
  name: "Third party",
  configSchema: emptyPluginConfigSchema(),
  register(api: OpenClawPluginApi) {
    api.registerGatewayMethod("third-party.x", ({ respond }) => respond(true, api.pluginConfig));
    if (api.id === "") throw new OpenClawError("PLUGIN_NOT_FOUND", "never");
  },
});
export const channel = defineChannelPluginEntry;
`,
  );
});

afterAll(() => home?.cleanup());

describe("openclaw/plugin-sdk for a third-party author", () => {
  it("type-checks imports of openclaw/plugin-sdk, ./core and a channel subpath", () => {
    const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
    expect(() => execFileSync(process.execPath, [tsc, "-p", project], { stdio: "pipe" })).not.toThrow();
  });

  it("resolves them at run time with plain Node (ESM and require)", () => {
    const out = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { definePluginEntry } from "openclaw/plugin-sdk/core";
         import { createRequire } from "node:module";
         const core = createRequire(import.meta.url)("openclaw/plugin-sdk/core");
         console.log(typeof definePluginEntry, core.OpenClawError === (await import("@openclaw/plugin-sdk/core")).OpenClawError);`,
      ],
      { cwd: join(repoRoot, "packages/cli"), encoding: "utf8" },
    );
    expect(out.trim()).toBe("function true");
  });
});
