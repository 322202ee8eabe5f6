import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LlmConfig } from '../ops/triage/llm/index.js';

/** How the fake answers one chat completion request; the request body is already parsed. */
export type LlmBehaviour = (request: RecordedLlmRequest, res: ServerResponse) => void;

export type RecordedLlmRequest = {
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
};

/** The assistant message `content` wrapped as an OpenAI chat completion. */
export const completion = (content: string, model = 'fake-model') =>
  JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      { index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: 'stop' },
    ],
    usage: { prompt_tokens: 120, completion_tokens: 12, total_tokens: 132 },
  });

/** Answers every request with this status and body. */
export const answer =
  (status: number, body: string): LlmBehaviour =>
  (_request, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };

/** A valid classification, as a JSON-mode model returns it. */
export const answerIntent = (intent: string, confidence: number): LlmBehaviour =>
  answer(200, completion(JSON.stringify({ intent, confidence })));

/** Takes the request and never answers: the client's timeout is what ends it. */
export const neverAnswer: LlmBehaviour = () => {};

/** A local OpenAI-compatible endpoint (POST {base}/chat/completions, bearer key, JSON body).
 * A test sets `behaviour`; every request that reaches it is kept in `requests`. Anything but
 * a well-formed chat completion request gets the 4xx an OpenAI server would give. */
export class FakeLlm {
  readonly requests: RecordedLlmRequest[] = [];
  behaviour: LlmBehaviour = answer(503, '{"error":{"message":"no behaviour set"}}');

  private constructor(
    private readonly server: Server,
    /** base URL to set as LLM_BASE_URL, ending in /v1 */
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FakeLlm> {
    let fake: FakeLlm | undefined;
    const server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        raw += chunk;
      });
      req.on('end', () => fake?.handle(req, raw, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeLlm(server, `http://127.0.0.1:${port}/v1`);
    return fake;
  }

  /** A client config for this endpoint; a short timeout keeps the timeout cases short. */
  config(overrides: Partial<LlmConfig> = {}): LlmConfig {
    return {
      baseUrl: this.baseUrl,
      apiKey: 'test-key',
      model: 'fake-model',
      timeoutMs: 2_000,
      ...overrides,
    };
  }

  private handle(req: IncomingMessage, raw: string, res: ServerResponse) {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      answer(404, '{"error":{"message":"unknown route"}}')(this.record(req, {}), res);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      answer(400, '{"error":{"message":"body is not JSON"}}')(this.record(req, {}), res);
      return;
    }
    const request = this.record(req, (body ?? {}) as Record<string, unknown>);
    if (typeof request.body.model !== 'string' || !Array.isArray(request.body.messages)) {
      answer(400, '{"error":{"message":"model and messages are required"}}')(request, res);
      return;
    }
    this.behaviour(request, res);
  }

  private record(req: IncomingMessage, body: Record<string, unknown>): RecordedLlmRequest {
    const request = { url: req.url, headers: req.headers, body };
    this.requests.push(request);
    return request;
  }

  async close(): Promise<void> {
    // Requests a `neverAnswer` left open would hold close() forever.
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
