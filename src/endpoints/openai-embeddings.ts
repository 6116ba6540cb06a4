import type { CallOptions, EmbedResult } from '../spec/index.js';
import { estimateTokens } from './estimate-tokens.js';
import type { HttpClient } from './http-client.js';

interface EmbeddingsResponse {
  model?: string;
  data?: Array<{ index?: number; embedding: number[] | string }>;
  usage?: { prompt_tokens?: number; total_tokens?: number } | null;
}

/** POST /embeddings. Vectors come back as Float32Array whether the server sent floats or base64. */
export function openAIEmbed(
  client: HttpClient,
  model: string,
  texts: string[],
  options: CallOptions,
): Promise<EmbedResult> {
  return client.post('/embeddings', { model, input: texts }, options, async (response) => {
    const parsed = (await response.body.json()) as EmbeddingsResponse;
    const data = parsed.data ?? [];
    const vectors: Float32Array[] = new Array(data.length);
    data.forEach((item, position) => {
      vectors[item.index ?? position] = toVector(item.embedding);
    });
    const reported = parsed.usage?.prompt_tokens ?? parsed.usage?.total_tokens;
    let characters = 0;
    for (const text of texts) characters += text.length;
    return {
      vectors,
      usage: { inputTokens: reported ?? estimateTokens(characters) },
      usageReported: reported !== undefined,
      model: parsed.model ?? model,
    };
  });
}

/** A float array, or base64 of little-endian float32s (encoding_format: "base64"). */
export function toVector(embedding: number[] | string): Float32Array {
  if (typeof embedding !== 'string') return Float32Array.from(embedding);
  const bytes = Buffer.from(embedding, 'base64');
  const vector = new Float32Array(bytes.byteLength / 4);
  for (let position = 0; position < vector.length; position++)
    vector[position] = bytes.readFloatLE(position * 4);
  return vector;
}
