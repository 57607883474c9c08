/** Shortest text worth its own synthesis request, in characters (so "Dr." does not end a sentence). */
const MIN_SENTENCE_CHARS = 8;
const BOUNDARY = /[.!?…]+["')\]]*\s+|\n+/g;

/**
 * Cuts streamed reply text into sentences as they complete, so each can be synthesised while the
 * model is still writing the next one. A boundary is `.`, `!`, `?` or `…` followed by whitespace, or
 * a newline; pieces shorter than 8 characters are joined to the next.
 */
export class SentenceSegmenter {
  #buffer = "";

  /** Adds streamed text; returns the sentences it completed (trimmed, maybe none). */
  push(delta: string): string[] {
    this.#buffer += delta;
    const out: string[] = [];
    let start = 0;
    BOUNDARY.lastIndex = 0;
    for (let match = BOUNDARY.exec(this.#buffer); match; match = BOUNDARY.exec(this.#buffer)) {
      const end = match.index + match[0].length;
      const sentence = this.#buffer.slice(start, end).trim();
      if (sentence.length >= MIN_SENTENCE_CHARS) {
        out.push(sentence);
        start = end;
      }
    }
    this.#buffer = this.#buffer.slice(start);
    return out;
  }

  /** Whatever is left at the end of the reply (trimmed; empty string when nothing). */
  flush(): string {
    const rest = this.#buffer.trim();
    this.#buffer = "";
    return rest;
  }
}
