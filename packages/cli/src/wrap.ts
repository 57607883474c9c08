/**
 * Wraps `text` at spaces so each line fits `width` columns, indenting continuation lines by `indent`
 * spaces. A single word longer than the width (a long path) stays on its own line unbroken.
 */
export function wrap(text: string, width = 80, indent = 4): string {
  const out: string[] = [];
  for (const original of text.split("\n")) {
    let line = original;
    const lead = " ".repeat(Math.min(indent + (/^\s*/.exec(original)?.[0].length ?? 0), 20));
    while (line.length > width) {
      const cut = line.lastIndexOf(" ", width);
      if (cut <= lead.length) {
        const next = line.indexOf(" ", width);
        if (next === -1) break;
        out.push(line.slice(0, next));
        line = lead + line.slice(next + 1);
        continue;
      }
      out.push(line.slice(0, cut));
      line = lead + line.slice(cut + 1);
    }
    out.push(line);
  }
  return out.join("\n");
}
