import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import {
  errorMessage,
  type OpenClawConfig,
  OpenClawError,
  type PluginSttRuntime,
  type TranscribeAudioFileParams,
} from "@openclaw/plugin-sdk/core";
import { resolveSecret } from "./tts-settings.js";

/** MIME types by file extension, for files the caller does not label. */
const MIME_BY_EXTENSION: Record<string, string> = {
  ".ogg": "audio/ogg",
  ".oga": "audio/ogg",
  ".opus": "audio/ogg",
  ".mp3": "audio/mpeg",
  ".mpga": "audio/mpeg",
  ".wav": "audio/wav",
  ".m4a": "audio/mp4",
  ".mp4": "audio/mp4",
  ".webm": "audio/webm",
  ".flac": "audio/flac",
};

/** Largest file the OpenAI transcription endpoint accepts, in bytes (25 MB). */
const MAX_AUDIO_BYTES = 25 * 1024 * 1024;

interface SttSettings {
  apiKey: string;
  baseUrl: string;
  model: string;
  language?: string;
}

function object(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Settings from `tools.media.audio` (`{ provider: "openai", model, apiKey, baseUrl, language }`, or its
 * first `models[]` entry with provider `openai`); key fallback `OPENAI_API_KEY`; default model
 * `gpt-4o-mini-transcribe`.
 */
function sttSettings(cfg: OpenClawConfig, env: NodeJS.ProcessEnv): SttSettings {
  const audio = object(object(object(cfg.tools).media).audio);
  const entries = Array.isArray(audio.models) ? audio.models.map(object) : [];
  const entry = entries.find((m) => m.provider === undefined || m.provider === "openai") ?? audio;
  if (entry.provider !== undefined && entry.provider !== "openai") {
    throw new OpenClawError(
      "SPEECH_STT_UNAVAILABLE",
      `speech-to-text provider ${String(entry.provider)} is not supported`,
      {
        hint: "Use tools.media.audio.provider openai (or an OpenAI-compatible baseUrl).",
      },
    );
  }
  const apiKey = resolveSecret(entry.apiKey ?? audio.apiKey, env) ?? env.OPENAI_API_KEY?.trim();
  if (!apiKey) throw new OpenClawError("SPEECH_STT_UNAVAILABLE", "no speech-to-text provider has an API key");
  const language = entry.language ?? audio.language;
  return {
    apiKey,
    baseUrl: String(entry.baseUrl ?? audio.baseUrl ?? "https://api.openai.com/v1").replace(/\/+$/, ""),
    model: String(entry.model ?? audio.model ?? "gpt-4o-mini-transcribe"),
    ...(typeof language === "string" ? { language } : {}),
  };
}

/**
 * Builds `api.runtime.stt`: `transcribeAudioFile` posts the file to `POST /audio/transcriptions`
 * (multipart `file`, `model`, optional `language`; platform.openai.com/docs/api-reference/audio/
 * createTranscription) and returns its `text`.
 */
export function createSttRuntime(env: NodeJS.ProcessEnv = process.env): PluginSttRuntime {
  return {
    async transcribeAudioFile(params: TranscribeAudioFileParams) {
      const settings = sttSettings(params.cfg, env);
      let bytes: Buffer;
      try {
        bytes = await readFile(params.filePath);
      } catch (error) {
        throw new OpenClawError(
          "SPEECH_STT_FAILED",
          `cannot read ${params.filePath}: ${errorMessage(error)}`,
          { cause: error },
        );
      }
      if (bytes.length === 0 || bytes.length > MAX_AUDIO_BYTES)
        throw new OpenClawError(
          "SPEECH_STT_FAILED",
          `audio file is ${bytes.length} bytes; expected 1..${MAX_AUDIO_BYTES}`,
        );
      const mime =
        params.mime ??
        MIME_BY_EXTENSION[extname(params.filePath).toLowerCase()] ??
        "application/octet-stream";
      const form = new FormData();
      form.set("file", new Blob([bytes], { type: mime }), basename(params.filePath));
      form.set("model", settings.model);
      if (settings.language) form.set("language", settings.language);
      let response: Response;
      try {
        response = await fetch(`${settings.baseUrl}/audio/transcriptions`, {
          method: "POST",
          headers: { authorization: `Bearer ${settings.apiKey}` },
          body: form,
          signal: params.signal ?? AbortSignal.timeout(120_000),
        });
      } catch (error) {
        throw new OpenClawError("SPEECH_STT_FAILED", `transcription request failed: ${errorMessage(error)}`, {
          cause: error,
        });
      }
      const body = await response.text();
      if (!response.ok)
        throw new OpenClawError(
          "SPEECH_STT_FAILED",
          `transcription answered HTTP ${response.status}: ${body.slice(0, 200)}`,
        );
      try {
        return { text: String((JSON.parse(body) as { text?: unknown }).text ?? "").trim() };
      } catch {
        throw new OpenClawError("SPEECH_STT_FAILED", "transcription answer is not JSON");
      }
    },
  };
}
