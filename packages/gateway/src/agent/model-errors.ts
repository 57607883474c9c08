import { errorMessage, isOpenClawError, OpenClawError } from "@openclaw/plugin-sdk/core";
import { APICallError, JSONParseError, RetryError, TypeValidationError } from "ai";

/** What to try for an HTTP status the provider answered with. */
function hintForStatus(status: number, providerId: string): string {
  const at = `models.providers.${providerId}`;
  if (status === 401 || status === 403) {
    return `Check the API key of ${at} (or run \`openclaw models auth login --provider ${providerId}\`).`;
  }
  if (status === 429) {
    return "The provider is rate limiting this key: wait and retry, or set agents.defaults.maxRetries to retry automatically.";
  }
  if (status === 404) {
    return `Check ${at}.baseUrl (the API root, e.g. https://api.openai.com/v1), ${at}.api and the model id.`;
  }
  if (status >= 500) {
    return "The provider's server failed: retry later, or set agents.defaults.maxRetries to retry automatically.";
  }
  return `The provider refused the request: check the model id and that ${at}.api matches the server.`;
}

function fromHttpError(error: APICallError, providerId: string): OpenClawError {
  const status = error.statusCode;
  const body = (error.responseBody ?? "").slice(0, 300);
  const retryAfter = error.responseHeaders?.["retry-after"];
  return new OpenClawError(
    "AGENT_PROVIDER_ERROR",
    status === undefined
      ? `model provider "${providerId}" could not be reached: ${error.message}`
      : `model provider "${providerId}" answered HTTP ${status}${body ? `: ${body}` : ""}`,
    {
      cause: error,
      hint:
        status === undefined
          ? `Check models.providers.${providerId}.baseUrl and that the server is up.`
          : hintForStatus(status, providerId),
      details: {
        provider: providerId,
        ...(status === undefined ? {} : { status }),
        ...(retryAfter ? { retryAfter } : {}),
      },
    },
  );
}

/** The message of an in-stream error event (`{ type, message }` objects from the SDK's parsers). */
function streamErrorText(error: unknown): string {
  if (typeof error === "object" && error !== null && !(error instanceof Error)) {
    const { message, type, code } = error as { message?: unknown; type?: unknown; code?: unknown };
    // Responses error events are `{ type: "error", code, message }`; Anthropic's are `{ type, message }`.
    const kind =
      typeof code === "string" ? code : typeof type === "string" && type !== "error" ? type : undefined;
    if (typeof message === "string") return kind ? `${kind}: ${message}` : message;
    const nested = (error as { error?: unknown }).error;
    if (nested !== undefined) return streamErrorText(nested);
  }
  return errorMessage(error);
}

/**
 * `@ai-sdk/anthropic` turns a failed first stream chunk into an `APICallError` with a made-up status
 * (500) and the parse error serialized as its body; that is a stream this host could not parse.
 */
function isWrappedParseError(error: APICallError): boolean {
  try {
    const name = (JSON.parse(error.responseBody ?? "") as { name?: unknown }).name;
    return name === "AI_JSONParseError" || name === "AI_TypeValidationError";
  } catch {
    return false;
  }
}

/**
 * Maps a transport error from the AI SDK to `AGENT_PROVIDER_ERROR` (keeps coded errors as they are):
 * HTTP errors carry `details.status` (and `retryAfter` when the provider sent one) and a hint for
 * that status; a stream the SDK could not parse hints at a wrong `api`; an error event inside a
 * stream (Anthropic's `overloaded_error`, the Responses API's `error`) keeps the provider's message.
 * API keys are never part of the message: the SDK's errors carry no request headers.
 */
export function toProviderError(error: unknown, providerId: string): OpenClawError {
  if (isOpenClawError(error)) return error;
  const inner = RetryError.isInstance(error) ? error.lastError : error;
  const wrapped = APICallError.isInstance(inner) && isWrappedParseError(inner);
  if (APICallError.isInstance(inner) && !wrapped) return fromHttpError(inner, providerId);
  const unparsable = wrapped || JSONParseError.isInstance(inner) || TypeValidationError.isInstance(inner);
  return new OpenClawError(
    "AGENT_PROVIDER_ERROR",
    unparsable
      ? `model provider "${providerId}" sent a stream this host could not parse: ${errorMessage(inner).slice(0, 300)}`
      : `model provider "${providerId}" failed: ${streamErrorText(inner).slice(0, 300)}`,
    {
      cause: inner,
      hint: unparsable
        ? `Check that models.providers.${providerId}.api names the API the server speaks (openai-completions, openai-responses or anthropic-messages).`
        : `The provider's stream failed mid-answer: retry, or check models.providers.${providerId} and the server.`,
      details: { provider: providerId },
    },
  );
}
