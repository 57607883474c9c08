/**
 * Telephony helpers shared by voice plugins.
 *
 * E.164 as defined by ITU-T Recommendation E.164: a `+`, a country code starting 1–9, at most 15 digits.
 */

const E164 = /^\+[1-9]\d{1,14}$/;

/** True when `value` is an E.164 number such as `+15550001234`. */
export function isE164(value: unknown): value is string {
  return typeof value === "string" && E164.test(value);
}

/**
 * Normalises common human input (`+1 (555) 000-1234`, `001555…`) to E.164, or returns `undefined`
 * when the result is not a valid E.164 number. Numbers without `+` or `00` are not guessed.
 */
export function normalizeE164(value: string): string | undefined {
  const trimmed = value.trim();
  let digits: string;
  if (trimmed.startsWith("+")) digits = trimmed.slice(1).replace(/[\s().-]/g, "");
  else if (trimmed.startsWith("00")) digits = trimmed.slice(2).replace(/[\s().-]/g, "");
  else return undefined;
  const candidate = `+${digits}`;
  return E164.test(candidate) ? candidate : undefined;
}

/** Masks all but the last four digits of a phone number for logs (`+1******1234`). */
export function maskPhoneNumber(value: string): string {
  if (value.length <= 5) return value;
  const head = value.startsWith("+") ? value.slice(0, 2) : value.slice(0, 1);
  return `${head}${"*".repeat(value.length - head.length - 4)}${value.slice(-4)}`;
}
