import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";
import type { MockScriptRule } from "./config.js";
import type { ResolvedModel } from "./model-catalog.js";

type Decision =
  | { kind: "text"; text: string }
  | { kind: "tool"; name: string; params: Record<string, unknown> };

function partText(part: unknown): string {
  const p = part as { type?: string; text?: string; output?: { type?: string; value?: unknown } };
  if (p.type === "text" && typeof p.text === "string") return p.text;
  if (p.type === "tool-result" && p.output) {
    const value = p.output.value;
    return typeof value === "string" ? value : JSON.stringify(value);
  }
  return "";
}

function firstJsonObject(text: string): Record<string, unknown> {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) return {};
  try {
    const value: unknown = JSON.parse(text.slice(start, end + 1));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** What the scripted mock does for this prompt (exported for unit tests). */
export function decideMockReply(
  modelId: string,
  options: Pick<LanguageModelV3CallOptions, "prompt" | "tools">,
  script: MockScriptRule[] = [],
): Decision {
  const last = options.prompt[options.prompt.length - 1];
  if (last?.role === "tool") {
    const result = last.content.find((p) => p.type === "tool-result");
    const text = partText(result).slice(0, 400);
    return { kind: "text", text: `${result?.toolName ?? "The tool"} returned: ${text}` };
  }
  const userText = last?.role === "user" ? last.content.map(partText).join("") : "";
  if (modelId === "echo") return { kind: "text", text: userText };
  const offered = (options.tools ?? []).map((t) => t.name);
  for (const rule of script) {
    if (!new RegExp(rule.match, "i").test(userText)) continue;
    if (rule.toolCall && offered.includes(rule.toolCall.name)) {
      return { kind: "tool", name: rule.toolCall.name, params: rule.toolCall.params ?? {} };
    }
    if (rule.reply !== undefined) return { kind: "text", text: rule.reply };
  }
  const named = offered.find((name) => new RegExp(`\\b${name}\\b`).test(userText));
  if (named) return { kind: "tool", name: named, params: firstJsonObject(userText) };
  return { kind: "text", text: `Mock reply: ${userText}` };
}

function usage(input: number, output: number): LanguageModelV3Usage {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

function promptTokens(options: LanguageModelV3CallOptions): number {
  return Math.ceil(JSON.stringify(options.prompt).length / 4);
}

function toContent(decision: Decision, callId: string): LanguageModelV3Content[] {
  return decision.kind === "text"
    ? [{ type: "text", text: decision.text }]
    : [
        {
          type: "tool-call",
          toolCallId: callId,
          toolName: decision.name,
          input: JSON.stringify(decision.params),
        },
      ];
}

/**
 * The built-in `mock` provider's models (`mock/scripted`, `mock/echo`): a Vercel AI SDK
 * `LanguageModelV3` that needs no network. `scripted` follows `models.providers.mock.script` rules,
 * else calls an offered tool whose name appears in the user message (params = the first JSON object
 * in it), and after a tool result replies `<tool> returned: <text>`. Text streams word by word.
 */
export function createMockModel(model: ResolvedModel): LanguageModelV3 {
  let calls = 0;
  const decide = (options: LanguageModelV3CallOptions): Decision =>
    decideMockReply(model.modelId, options, model.provider.config.script ?? []);
  return {
    specificationVersion: "v3",
    provider: "mock",
    modelId: model.modelId,
    supportedUrls: {},
    async doGenerate(options) {
      const decision = decide(options);
      calls += 1;
      const content = toContent(decision, `mock-call-${calls}`);
      const output = decision.kind === "text" ? decision.text.split(/\s+/).length : 8;
      return {
        content,
        finishReason: { unified: decision.kind === "tool" ? "tool-calls" : "stop", raw: undefined },
        usage: usage(promptTokens(options), output),
        warnings: [],
      };
    },
    async doStream(options) {
      const decision = decide(options);
      calls += 1;
      const callId = `mock-call-${calls}`;
      const parts: LanguageModelV3StreamPart[] = [{ type: "stream-start", warnings: [] }];
      if (decision.kind === "text") {
        parts.push({ type: "text-start", id: "t0" });
        for (const word of decision.text.match(/\S+\s*/g) ?? [])
          parts.push({ type: "text-delta", id: "t0", delta: word });
        parts.push({ type: "text-end", id: "t0" });
      } else {
        parts.push(...toContent(decision, callId).map((c) => c as LanguageModelV3StreamPart));
      }
      const output = decision.kind === "text" ? decision.text.split(/\s+/).length : 8;
      parts.push({
        type: "finish",
        finishReason: { unified: decision.kind === "tool" ? "tool-calls" : "stop", raw: undefined },
        usage: usage(promptTokens(options), output),
      });
      return {
        stream: new ReadableStream<LanguageModelV3StreamPart>({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  };
}
