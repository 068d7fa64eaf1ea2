/** Reads SSE events from a Response body, for tests. */
export interface ParsedEvent {
  id?: string;
  event?: string;
  data: string;
  retry?: number;
}

export function parseSse(text: string): ParsedEvent[] {
  const events: ParsedEvent[] = [];
  for (const block of text.split("\n\n")) {
    if (block.trim() === "" || block.startsWith(":")) continue;
    const event: ParsedEvent = { data: "" };
    const data: string[] = [];
    for (const line of block.split("\n")) {
      const colon = line.indexOf(":");
      if (colon === 0) continue;
      const field = line.slice(0, colon);
      const value = line.slice(colon + 2);
      if (field === "id") event.id = value;
      else if (field === "event") event.event = value;
      else if (field === "retry") event.retry = Number(value);
      else if (field === "data") data.push(value);
    }
    event.data = data.join("\n");
    events.push(event);
  }
  return events;
}

/** Reads until `count` events arrived (or the stream ended), then cancels the body. */
export async function readEvents(
  response: Response,
  count: number,
  timeoutMs = 3000,
): Promise<ParsedEvent[]> {
  const body = response.body;
  if (body === null) throw new Error("no body");
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const next = await Promise.race([
      reader.read(),
      new Promise<{ done: true; value: undefined; timeout: true }>((r) =>
        setTimeout(() => r({ done: true, value: undefined, timeout: true }), remaining),
      ),
    ]);
    if (next.done) break;
    text += next.value;
    if (parseSse(text).length >= count && text.endsWith("\n\n")) break;
  }
  await reader.cancel().catch(() => {});
  return parseSse(text);
}
