import type { ConfigIssue } from "@openclaw/plugin-loader";
import { wrap } from "./wrap.js";

/**
 * Renders validation issues, errors first, as `level [CODE] path: message` plus an indented `fix:`
 * line, wrapped to 80 columns.
 */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  return [...issues]
    .sort((a, b) => (a.level === b.level ? 0 : a.level === "error" ? -1 : 1))
    .map((i) => {
      const head = wrap(
        `${i.level === "error" ? "error" : "warn "} [${i.code}] ${i.path}: ${i.message}`,
        80,
        6,
      );
      return i.hint ? `${head}\n${wrap(`      fix: ${i.hint}`, 80, 5)}` : head;
    })
    .join("\n");
}
