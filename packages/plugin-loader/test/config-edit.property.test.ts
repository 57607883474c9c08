import fc from "fast-check";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { applyConfigOps, type ConfigOp } from "../src/host/config-path.js";
import { editConfigText } from "../src/host/config-text.js";

/*
 * Property tests of the comment-preserving config editor: random JSON5 documents (random quoting,
 * trailing commas, hex numbers, line and block comments before entries) get random sets, appends
 * and removals; the result must parse (with the json5 library, the oracle), equal the intended
 * value (computed on plain objects), and keep every comment that was not inside a replaced value.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const KEYS = ["a", "b", "port", "x-y", "with space", "ünï", "$k", "_k", "0", "it's", 'say "hi"'];
const key = fc.constantFrom(...KEYS);
const scalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
  fc.string({ maxLength: 12 }),
);
const { value: jsonValue } = fc.letrec<{ value: Json; object: Json; array: Json }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("object"), tie("array")),
  object: fc.dictionary(key, tie("value"), { maxKeys: 4 }) as fc.Arbitrary<Json>,
  array: fc.array(tie("value"), { maxLength: 3 }),
}));
const rootObject = fc.dictionary(key, jsonValue, { minKeys: 1, maxKeys: 5 });

/** A seeded PRNG (mulberry32), so one generated seed picks every style choice. */
function prng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

interface Rendered {
  text: string;
  /** Comment markers with the path of the entry they precede. */
  comments: Array<{ marker: string; path: Array<string | number> }>;
}

function quote(text: string, single: boolean): string {
  const json = JSON.stringify(text);
  if (!single) return json;
  const body = json.slice(1, -1).replace(/\\(.)/g, (m, c: string) => (c === '"' ? '"' : m));
  return `'${body.replace(/'/g, "\\'")}'`;
}

function render(root: Record<string, Json>, seed: number, json5: boolean): Rendered {
  const random = prng(seed);
  const pick = (p: number) => random() < p;
  const comments: Rendered["comments"] = [];
  let counter = 0;
  const indentUnit = pick(0.3) ? "\t" : "  ";
  const comment = (path: Array<string | number>, pad: string): string => {
    if (!pick(0.4)) return "";
    const marker = `note${counter++}`;
    comments.push({ marker, path });
    return pick(0.5) ? `// ${marker}\n${pad}` : `/* ${marker} */ `;
  };
  const scalarText = (v: Json): string => {
    if (typeof v === "string") return quote(v, json5 && pick(0.5));
    if (typeof v === "number" && json5 && Number.isInteger(v) && v >= 0 && pick(0.3))
      return `0x${v.toString(16)}`;
    return JSON.stringify(v);
  };
  const value = (v: Json, path: Array<string | number>, depth: number): string => {
    const pad = indentUnit.repeat(depth + 1);
    const close = indentUnit.repeat(depth);
    const trailing = pick(0.5) ? "," : "";
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      const items = v.map(
        (item, i) => `${pad}${comment([...path, i], pad)}${value(item, [...path, i], depth + 1)}`,
      );
      return `[\n${items.join(",\n")}${trailing}\n${close}]`;
    }
    if (v !== null && typeof v === "object") {
      const entries = Object.entries(v);
      if (entries.length === 0) return "{}";
      const lines = entries.map(([k, child]) => {
        const bare = json5 && /^[A-Za-z_$][\w$]*$/.test(k) && pick(0.6);
        const name = bare ? k : quote(k, json5 && pick(0.5));
        return `${pad}${comment([...path, k], pad)}${name}: ${value(child, [...path, k], depth + 1)}`;
      });
      return `{\n${lines.join(",\n")}${trailing}\n${close}}`;
    }
    return scalarText(v);
  };
  const body = value(root, [], 0);
  return { text: `// header comment\n${body}\n// footer comment\n`, comments };
}

/** Every path of `value` (objects and arrays, outermost first), the root excluded. */
function pathsOf(value: Json, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...path, i], ...pathsOf(item, [...path, i])]);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, child]) => [[...path, k], ...pathsOf(child, [...path, k])]);
  }
  return [];
}

/** Ops recipes turned into ops on the document: set an existing path, add a key, append, remove a key. */
function opsFor(root: Record<string, Json>, recipes: Array<[number, number, string, Json]>): ConfigOp[] {
  const all = pathsOf(root);
  const objects = [[], ...all].filter((p) => {
    const v = p.reduce<Json>((node, s) => (node as Record<string, Json>)[s as string] as Json, root);
    return v !== null && typeof v === "object" && !Array.isArray(v);
  });
  const arrays = all.filter((p) =>
    Array.isArray(p.reduce<Json>((node, s) => (node as never)[s] as Json, root)),
  );
  const keyPaths = all.filter((p) => typeof p[p.length - 1] === "string");
  const ops: ConfigOp[] = [];
  for (const [kind, index, newKey, value] of recipes) {
    if (kind === 0 && all.length > 0)
      ops.push({ op: "set", path: all[index % all.length] as string[], value });
    else if (kind === 1)
      ops.push({ op: "set", path: [...(objects[index % objects.length] as string[]), newKey], value });
    else if (kind === 2 && arrays.length > 0) {
      ops.push({ op: "set", path: [...(arrays[index % arrays.length] as string[]), "-"], value });
    } else if (kind === 3 && keyPaths.length > 0) {
      ops.push({ op: "unset", path: keyPaths[index % keyPaths.length] as string[] });
    }
  }
  return ops;
}

/** True when `prefix` is a prefix of (or equal to) `path`. */
function startsWith(path: ReadonlyArray<string | number>, prefix: ReadonlyArray<string | number>): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => String(s) === String(path[i]));
}

const recipe = fc.tuple(
  fc.integer({ min: 0, max: 3 }),
  fc.nat(),
  fc.constantFrom("fresh", "new key", "a", "z-z"),
  jsonValue,
);

function checkEdit(json5: boolean) {
  return fc.property(
    rootObject,
    fc.integer(),
    fc.array(recipe, { minLength: 1, maxLength: 4 }),
    (root, seed, recipes) => {
      const { text, comments } = render(root, seed, json5);
      const parsed = JSON5.parse(text) as Record<string, Json>;
      expect(parsed).toEqual(root);
      const ops = opsFor(root, recipes);
      let intended: Record<string, Json>;
      try {
        intended = applyConfigOps(root, ops);
      } catch (error) {
        // An earlier op reshaped a container a later op indexes; the editor must refuse the same way.
        expect(() => editConfigText(text, parsed, ops)).toThrow((error as Error).message);
        return;
      }
      const result = editConfigText(text, parsed, ops);
      expect(JSON5.parse(result.text)).toEqual(intended);
      expect(result.text).toContain("// header comment");
      expect(result.text).toContain("// footer comment");
      // Ops only ever touch paths of the original document (appends and new keys go below them), so a
      // comment survives unless its entry or an enclosing one was replaced.
      for (const { marker, path } of comments) {
        const replaced = ops.some(
          (op) =>
            op.op === "set" &&
            op.path[op.path.length - 1] !== "-" &&
            startsWith(path, op.path) &&
            op.path.length < path.length,
        );
        // A removed entry may take the comment just above it along; no other comment may go.
        const inRemoved = ops.some((op) => op.op === "unset" && startsWith(path, op.path));
        if (!replaced && !inRemoved) expect(result.text).toContain(marker);
      }
    },
  );
}

describe("comment-preserving config edits (property-based)", () => {
  it("edits JSONC documents (quoted keys, comments, trailing commas): result parses, equals the intent, keeps comments", () => {
    fc.assert(checkEdit(false), { numRuns: 300 });
  }, 60_000);

  it("edits JSON5 documents (unquoted keys, single quotes, hex): result parses, equals the intent, keeps comments", () => {
    fc.assert(checkEdit(true), { numRuns: 300 });
  }, 60_000);
});
