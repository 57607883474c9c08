import { analyze } from "./analyze.js";
import { type JsonSchema, propertiesOf } from "./schema.js";
import type { FieldIssue } from "./validate.js";

/**
 * The deepest path under `schema` the form renders a control for, on the way to `path`: a problem
 * inside a raw JSON value, or at a key the schema does not know, is shown at that control.
 */
export function anchorPath(schema: JsonSchema, path: readonly string[]): string[] {
  const anchor: string[] = [];
  let node: JsonSchema | undefined = schema;
  for (const segment of path) {
    if (!node) break;
    const kind = analyze(node);
    if (kind.kind === "object") node = propertiesOf(node)[segment];
    else if (kind.kind === "list") node = kind.itemSchema;
    else if (kind.kind === "map") node = kind.valueSchema;
    else break;
    if (!node) break;
    anchor.push(segment);
  }
  return anchor;
}

/** Moves each issue to its anchor, naming the inner path in the message when it moved. */
export function anchorIssues(schema: JsonSchema, issues: FieldIssue[]): FieldIssue[] {
  return issues.map((issue) => {
    const segments = issue.path === "" ? [] : issue.path.split(".");
    const anchor = anchorPath(schema, segments);
    if (anchor.length === segments.length) return issue;
    const inner = segments.slice(anchor.length).join(".");
    return { path: anchor.join("."), message: `${inner}: ${issue.message}` };
  });
}
