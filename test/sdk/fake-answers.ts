/** Canned provider answers, as JSON bodies and as the events of their streams. */

type Body = Record<string, unknown>;
export interface SseEvent {
  event?: string;
  data: unknown;
}

/** Perplexity costs by model, written into the JSON exactly like this (the provider's floats). */
export const PERPLEXITY_COSTS: Record<string, number> = {
  sonar: 0.008727,
  "sonar-deep-research": 0.0123456789012,
  "sonar-tiny": 2.5e-7,
};

export function openaiChat(id: string, stream: boolean, includeUsage: boolean) {
  const base = {
    id,
    created: 1_750_000_000,
    model: "gpt-4o-mini-2024-07-18",
    service_tier: "default",
  };
  const usage = {
    prompt_tokens: 1200,
    completion_tokens: 300,
    total_tokens: 1500,
    prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 64, audio_tokens: 0 },
  };
  if (!stream) {
    return {
      ...base,
      object: "chat.completion",
      choices: [{ index: 0, message: assistant("Hello from the fake."), finish_reason: "stop" }],
      usage,
    };
  }
  const extra = includeUsage ? { usage: null } : {};
  const chunk = (delta: Body, finish: string | null = null) => ({
    data: {
      ...base,
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...extra,
    },
  });
  const events: SseEvent[] = [
    chunk({ role: "assistant", content: "" }),
    ...["Hello", " from", " the fake."].map((content) => chunk({ content })),
    chunk({}, "stop"),
  ];
  if (includeUsage)
    events.push({ data: { ...base, object: "chat.completion.chunk", choices: [], usage } });
  return events;
}

export function groqChat(id: string, stream: boolean) {
  const base = {
    id,
    created: 1_750_000_000,
    model: "llama-3.3-70b-versatile",
    system_fingerprint: "fp_groq",
  };
  const usage = {
    queue_time: 0.017,
    prompt_tokens: 40,
    prompt_time: 0.002,
    completion_tokens: 12,
    completion_time: 0.04,
    total_tokens: 52,
    total_time: 0.042,
  };
  const xGroq = { id: `req_${id}` };
  if (!stream) {
    return {
      ...base,
      object: "chat.completion",
      choices: [
        { index: 0, message: assistant("Fast hello."), logprobs: null, finish_reason: "stop" },
      ],
      usage,
      service_tier: "on_demand",
      x_groq: { ...xGroq, usage: { dram_cached_tokens: 0, sram_cached_tokens: 16 } },
    };
  }
  const chunk = (delta: Body, finish: string | null, extra: Body) => ({
    data: {
      ...base,
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...extra,
    },
  });
  return [
    chunk({ role: "assistant", content: "" }, null, { x_groq: xGroq }),
    chunk({ content: "Fast" }, null, {}),
    chunk({ content: " hello." }, null, {}),
    chunk({}, "stop", { x_groq: { ...xGroq, usage } }),
  ];
}

export function perplexityChat(id: string, model: string, stream: boolean) {
  const cost = PERPLEXITY_COSTS[model] ?? 0;
  const usage = {
    prompt_tokens: 9,
    completion_tokens: 180,
    total_tokens: 189,
    citation_tokens: 420,
    num_search_queries: 2,
    reasoning_tokens: 0,
    search_context_size: "low",
    cost: {
      input_tokens_cost: 9e-6,
      output_tokens_cost: 0.00018,
      request_cost: 0.005,
      total_cost: cost,
    },
  };
  const base = { id, created: 1_750_000_000, model };
  const citations = ["https://example.org/a", "https://example.org/b"];
  const searchResults = citations.map((url, i) => ({
    title: `Result ${i}`,
    url,
    date: "2025-05-01",
  }));
  if (!stream) {
    return {
      ...base,
      object: "chat.completion",
      choices: [{ index: 0, message: assistant("Searched hello."), finish_reason: "stop" }],
      usage,
      citations,
      search_results: searchResults,
    };
  }
  const chunk = (delta: Body, finish: string | null, extra: Body = {}) => ({
    data: {
      ...base,
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...extra,
    },
  });
  return [
    chunk({ role: "assistant", content: "Searched" }, null),
    chunk({ content: " hello." }, null),
    chunk({}, "stop", { usage, citations, search_results: searchResults }),
  ];
}

export function anthropicMessage(id: string, stream: boolean) {
  const model = "claude-haiku-4-5-20251001";
  const usage = {
    input_tokens: 50,
    cache_creation_input_tokens: 1500,
    cache_read_input_tokens: 2000,
    cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 1000 },
    output_tokens: 120,
    service_tier: "standard",
    server_tool_use: { web_search_requests: 2 },
  };
  const message = { id, type: "message", role: "assistant", model, stop_sequence: null };
  if (!stream) {
    return {
      ...message,
      content: [{ type: "text", text: "Hello from Claude." }],
      stop_reason: "end_turn",
      usage,
    };
  }
  const startUsage = { ...usage, output_tokens: 1, server_tool_use: undefined };
  const delta = (text: string) => ({
    type: "content_block_delta",
    index: 0,
    delta: { type: "text_delta", text },
  });
  const events: Body[] = [
    {
      type: "message_start",
      message: { ...message, content: [], stop_reason: null, usage: startUsage },
    },
    { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    delta("Hello"),
    delta(" from Claude."),
    { type: "content_block_stop", index: 0 },
    {
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: 120, server_tool_use: { web_search_requests: 2 } },
    },
    { type: "message_stop" },
  ];
  return events.map((data) => ({ event: String(data.type), data }));
}

export function openaiResponse(id: string, stream: boolean) {
  const response = {
    id,
    object: "response",
    created_at: 1_750_000_000,
    status: "completed",
    model: "gpt-4.1-2025-04-14",
    service_tier: "default",
    output: [
      {
        type: "message",
        id: `msg_${id}`,
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: "Hello from responses.", annotations: [] }],
      },
    ],
    usage: {
      input_tokens: 300,
      input_tokens_details: { cached_tokens: 100 },
      output_tokens: 50,
      output_tokens_details: { reasoning_tokens: 10 },
      total_tokens: 350,
    },
  };
  if (!stream) return response;
  const started = { ...response, status: "in_progress", output: [], usage: null };
  const item = {
    type: "message",
    id: `msg_${id}`,
    status: "in_progress",
    role: "assistant",
    content: [],
  };
  const at = { item_id: item.id, output_index: 0, content_index: 0 };
  const events = [
    { type: "response.created", response: started },
    { type: "response.output_item.added", output_index: 0, item },
    {
      type: "response.content_part.added",
      ...at,
      part: { type: "output_text", text: "", annotations: [] },
    },
    { type: "response.output_text.delta", ...at, delta: "Hello from responses." },
    { type: "response.completed", response },
  ];
  return events.map((data, sequence) => ({
    event: data.type,
    data: { ...data, sequence_number: sequence },
  }));
}

/** Embeddings; the openai SDK asks for base64 unless told otherwise. */
export function openaiEmbedding(base64: boolean) {
  const vector = [0.5, 0.25, 0.125];
  const embedding = base64
    ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
    : vector;
  return {
    object: "list",
    data: [{ object: "embedding", index: 0, embedding }],
    model: "text-embedding-3-small",
    usage: { prompt_tokens: 8, total_tokens: 8 },
  };
}

function assistant(content: string) {
  return { role: "assistant", content, refusal: null };
}
