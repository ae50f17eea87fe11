import type { SubscriptionMessage } from './graphql-client.ts';

export interface EventStreamOptions {
  query: string;
  variables?: Record<string, unknown>;
  /** Sent as `Last-Event-ID`: resume after this event (a cursor). */
  lastEventId?: string | undefined;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

/** One event of the stream, as the server framed it. */
export interface StreamEvent {
  event: string;
  id: string | undefined;
  data: string;
}

/**
 * A GraphQL over SSE request (distinct-connections mode) whose events can be
 * awaited, read off a real HTTP response as a browser's `fetch` would: the
 * `next` payloads, each event's `id`, and the `complete`. A request refused
 * before the stream opens keeps its status and JSON errors.
 */
export class TestEventStream {
  readonly events: StreamEvent[] = [];
  readonly messages: SubscriptionMessage[] = [];
  status = 0;
  /** The JSON body of a refusal (a non-stream response). */
  refusal: { errors?: { message: string; extensions?: Record<string, unknown> }[] } | undefined;
  completed = false;
  /** The stream ended: completed, refused, or the connection closed. */
  closed = false;
  private waiters: (() => void)[] = [];
  private readonly abort = new AbortController();
  readonly opened: Promise<void>;

  constructor(url: string, token: string | undefined, options: EventStreamOptions) {
    this.opened = this.open(url, token, options);
  }

  private async open(url: string, token: string | undefined, options: EventStreamOptions): Promise<void> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        signal: this.abort.signal,
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query: options.query, variables: options.variables ?? {} }),
      });
    } catch (error) {
      this.end();
      throw error;
    }
    this.status = res.status;
    if (!(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      this.refusal = (await res.json()) as NonNullable<TestEventStream['refusal']>;
      this.end();
      return;
    }
    void this.read(res.body!);
  }

  private async read(body: ReadableStream<Uint8Array>) {
    let buffer = '';
    const reader = body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          this.take(block);
        }
      }
    } catch {
      // aborted by dispose(), or the connection dropped
    }
    this.end();
  }

  private take(block: string) {
    const event: StreamEvent = { event: 'message', id: undefined, data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event.event = value;
      else if (field === 'id') event.id = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0 && event.event === 'message') return; // a keep-alive comment
    event.data = data.join('\n');
    this.events.push(event);
    if (event.event === 'next') this.messages.push(JSON.parse(event.data) as SubscriptionMessage);
    if (event.event === 'complete') this.completed = true;
    this.wake();
  }

  private end() {
    this.closed = true;
    this.wake();
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  /** The last event's `id` (its cursor). */
  get lastEventId(): string | undefined {
    return this.events.findLast((e) => e.id !== undefined)?.id;
  }

  /** The `id` of the root field's value in each payload so far (`(none)` for a payload without one). */
  ids(): string[] {
    return this.messages.map((m) => {
      const value = m.data ? Object.values(m.data)[0] : undefined;
      return (value as { id?: string } | null | undefined)?.id ?? '(none)';
    });
  }

  /** Resolves once `done()` holds; rejects, naming `what`, after `timeoutMs`. */
  async until(done: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what} (status ${this.status}, ${this.messages.length} messages, closed ${this.closed})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves once `count` payloads arrived (or the stream ended) with the first `count`. */
  async waitFor(count: number, timeoutMs = 30_000): Promise<SubscriptionMessage[]> {
    await this.until(() => this.messages.length >= count || this.closed, `${count} messages`, timeoutMs);
    return this.messages.slice(0, count);
  }

  /** Resolves when the stream has ended. */
  async ended(timeoutMs = 30_000): Promise<void> {
    await this.until(() => this.closed, 'the end of the stream', timeoutMs);
  }

  /** Closes the connection (the server ends the subscription). */
  dispose(): void {
    this.abort.abort();
  }
}

/** Opens a GraphQL over SSE subscription (or operation) on the gateway's `/graphql` at `url`; resolves once the response's headers arrived. */
export async function sseSubscribe(url: string, token: string | undefined, options: EventStreamOptions): Promise<TestEventStream> {
  const stream = new TestEventStream(url, token, options);
  await stream.opened;
  return stream;
}
