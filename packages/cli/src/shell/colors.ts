import picocolors from "picocolors";

/** The colour functions the CLI uses; each returns its input unchanged when colour is off. */
export type Palette = ReturnType<typeof picocolors.createColors>;

/**
 * Whether to colour a stream, in the order users expect (https://no-color.org, https://force-color.org):
 * an explicit `--color`/`--no-color` flag, then `FORCE_COLOR` (non-empty and not `0`/`false` forces colour on; `0` forces it off; as in Node,
 * it wins over `NO_COLOR`),
 * then `NO_COLOR` (set and non-empty turns it off), then whether the stream is a terminal whose
 * `TERM` is not `dumb`.
 */
export function colorEnabled(
  env: Record<string, string | undefined>,
  isTTY: boolean,
  flag: boolean | undefined,
): boolean {
  if (flag !== undefined) return flag;
  if (env.FORCE_COLOR) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  if (env.NO_COLOR) return false;
  return isTTY && env.TERM !== "dumb";
}

/** A palette that colours when {@link colorEnabled} says so. */
export function createPalette(enabled: boolean): Palette {
  return picocolors.createColors(enabled);
}
