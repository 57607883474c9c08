import { describe, expect, it } from "vitest";
import { decideMockReply } from "../src/agent/mock-model.js";

const tools = [{ type: "function" as const, name: "hello_greet", inputSchema: {} }];
const user = (text: string) => ({ role: "user" as const, content: [{ type: "text" as const, text }] });

describe("mock model", () => {
  it("calls an offered tool named in the message with the message's JSON params", () => {
    expect(
      decideMockReply("scripted", { prompt: [user('please hello_greet {"name":"Ada"}')], tools }),
    ).toEqual({ kind: "tool", name: "hello_greet", params: { name: "Ada" } });
  });

  it("summarises a tool result, follows script rules first, and echoes", () => {
    const toolResult = {
      role: "tool" as const,
      content: [
        {
          type: "tool-result" as const,
          toolCallId: "1",
          toolName: "hello_greet",
          output: { type: "text" as const, value: "Hello, Ada!" },
        },
      ],
    };
    expect(decideMockReply("scripted", { prompt: [user("x"), toolResult], tools })).toEqual({
      kind: "text",
      text: "hello_greet returned: Hello, Ada!",
    });
    expect(
      decideMockReply("scripted", { prompt: [user("weather?")], tools }, [
        { match: "weather", reply: "Sunny." },
      ]),
    ).toEqual({ kind: "text", text: "Sunny." });
    expect(decideMockReply("echo", { prompt: [user("same")], tools })).toEqual({
      kind: "text",
      text: "same",
    });
    expect(decideMockReply("scripted", { prompt: [user("nothing here")], tools })).toEqual({
      kind: "text",
      text: "Mock reply: nothing here",
    });
  });
});
