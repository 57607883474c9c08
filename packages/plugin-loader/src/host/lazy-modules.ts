import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Dependencies loaded on first use, so that commands which never write a file, parse JSON5 or compare
 * versions do not pay for importing them (cold `openclaw plugins list` time is a tracked benchmark).
 */
export const lazy: {
  json5(): typeof import("json5");
  semver(): typeof import("semver");
  writeFileAtomic(): typeof import("write-file-atomic");
} = {
  json5: () => require("json5") as typeof import("json5"),
  semver: () => require("semver") as typeof import("semver"),
  writeFileAtomic: () => require("write-file-atomic") as typeof import("write-file-atomic"),
};
