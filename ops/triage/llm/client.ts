import { z } from 'zod';
import type { LlmConfig } from './config.js';

export type ChatMessage = { role: 'system' | 'user'; content: string };

/** Why a call gave no usable answer; the caller falls back to the offline brain either way,
 * the reason goes to logs and metrics. */
export type LlmFailure =
  | 'timeout'
  | 'network'
  | 'http_status'
  | 'bad_json'
  | 'schema_mismatch'
  | 'too_large';
export type LlmResult<T> =
  | { ok: true; data: T }
  | { ok: false; reason: LlmFailure; detail?: string };

/** Larger bodies are refused: a reply to our prompts is a few hundred bytes. */
const MAX_BODY_CHARS = 256 * 1024;

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

/** One POST {base}/chat/completions in JSON mode, with the whole exchange (connect, headers,
 * body) bounded by `config.timeoutMs`. The assistant's content must be JSON matching
 * `schema`; anything else is a failure value, never an exception. */
export async function chatJson<T>(
  config: LlmConfig,
  messages: ChatMessage[],
  schema: z.ZodType<T>,
): Promise<LlmResult<T>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), config.timeoutMs);
  try {
    const response = await fetch(`${config.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: {
        'content-type': 'application/json',
        ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: config.model,
        messages,
        temperature: 0,
        response_format: { type: 'json_object' },
      }),
    });
    const body = await response.text();
    if (!response.ok) return { ok: false, reason: 'http_status', detail: String(response.status) };
    if (body.length > MAX_BODY_CHARS) return { ok: false, reason: 'too_large' };
    const envelope = completionSchema.safeParse(parseJson(body));
    if (!envelope.success)
      return { ok: false, reason: 'bad_json', detail: 'not a chat completion' };
    const content = parseJson(stripFence(envelope.data.choices[0]!.message.content));
    if (content === undefined)
      return { ok: false, reason: 'bad_json', detail: 'content is not JSON' };
    const parsed = schema.safeParse(content);
    if (!parsed.success)
      return { ok: false, reason: 'schema_mismatch', detail: parsed.error.issues[0]?.message };
    return { ok: true, data: parsed.data };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, reason: 'timeout' };
    return {
      ok: false,
      reason: 'network',
      detail: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Some servers wrap JSON-mode output in a Markdown fence anyway. */
const stripFence = (s: string): string =>
  s.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
