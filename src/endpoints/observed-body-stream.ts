import type { Clock } from '../spec/index.js';
import type { FetchCall } from './fetch-call.js';

/**
 * A response whose body streams through to the caller chunk by chunk while
 * `call` sees each chunk. This is the fallback for bodies the dispatcher
 * could not watch (a fetch that takes no undici dispatcher, or a
 * content-encoded body, whose decoded bytes only exist here); it costs a
 * second stream and a promise round trip per chunk.
 */
export function observedResponse(response: Response, call: FetchCall, clock: Clock): Response {
  const body = response.body;
  if (body === null) return response;
  const wrapped = new Response(observedStream(body, call, clock), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(wrapped, 'url', { value: response.url });
  return wrapped;
}

function observedStream(
  body: ReadableStream<Uint8Array>,
  call: FetchCall,
  clock: Clock,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let step: Awaited<ReturnType<typeof reader.read>>;
      try {
        step = await reader.read();
      } catch (error) {
        call.end(error);
        controller.error(error);
        return;
      }
      if (step.done) {
        call.complete();
        controller.close();
        return;
      }
      controller.enqueue(step.value);
      call.chunk(step.value, clock.now());
    },
    async cancel(reason) {
      call.end(reason instanceof Error ? reason : new Error('response body cancelled by the reader'));
      await reader.cancel(reason);
    },
  });
}
