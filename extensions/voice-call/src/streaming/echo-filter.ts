function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}\s']/gu, " ")
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

/** Share of the heard words that must appear in what we said for the text to count as our echo. */
const ECHO_OVERLAP = 0.6;

/**
 * True when `heard` is most likely our own TTS coming back through the line (speakerphone, poor
 * echo cancellation) rather than the caller: at least 60% of its words occur in `spoken`, the
 * text we played recently. Empty text counts as echo (nothing to answer). Used so that echo never
 * triggers a barge-in or an auto-response.
 */
export function isLikelyEcho(heard: string, spoken: readonly string[]): boolean {
  const heardWords = words(heard);
  if (heardWords.length === 0) return true;
  const ours = new Set(spoken.flatMap(words));
  if (ours.size === 0) return false;
  const matched = heardWords.filter((w) => ours.has(w)).length;
  return matched / heardWords.length >= ECHO_OVERLAP;
}

/** Number of words in `text`. */
export function wordCount(text: string): number {
  return words(text).length;
}
