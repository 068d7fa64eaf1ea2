import { describe, expect, it } from "vitest";
import { LineBatchWriter, type LineSink } from "./line-batch-writer.js";

function sink(fail?: Error) {
  const writes: string[] = [];
  const callbacks: Array<(error?: Error | null) => void> = [];
  const target: LineSink = {
    write(chunk, callback) {
      writes.push(chunk);
      callbacks.push(callback);
      return true;
    },
  };
  const settle = () => {
    for (const callback of callbacks.splice(0)) callback(fail ?? null);
  };
  return { target, writes, settle };
}

const tick = () => new Promise<void>((resolve) => process.nextTick(resolve));

describe("LineBatchWriter", () => {
  it("writes the lines of one tick in one write, in order, and resolves them together", async () => {
    const { target, writes, settle } = sink();
    const writer = new LineBatchWriter(target, { mapError: (error) => error });
    const first = writer.write("a\n");
    const second = writer.write("b\n");
    expect(writes).toEqual([]);
    await tick();
    expect(writes).toEqual(["a\nb\n"]);
    settle();
    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
    const third = writer.write("c\n");
    await tick();
    expect(writes).toEqual(["a\nb\n", "c\n"]);
    settle();
    await expect(third).resolves.toBeUndefined();
  });

  it("rejects every line of a failed batch with the mapped error", async () => {
    const { target, settle } = sink(new Error("EPIPE"));
    const writer = new LineBatchWriter(target, {
      mapError: (error) => new Error(`mapped: ${error.message}`),
    });
    const lines = [writer.write("a\n"), writer.write("b\n")];
    await tick();
    settle();
    for (const line of lines) await expect(line).rejects.toThrow("mapped: EPIPE");
  });

  it("flush() writes the queued lines at once and leaves nothing for the next tick", async () => {
    const { target, writes, settle } = sink();
    const writer = new LineBatchWriter(target, { mapError: (error) => error });
    const line = writer.write("last\n");
    writer.flush();
    expect(writes).toEqual(["last\n"]);
    await tick();
    expect(writes).toEqual(["last\n"]);
    settle();
    await expect(line).resolves.toBeUndefined();
  });

  it("writes a full batch at once and the rest at the tick, each batch with its own promise", async () => {
    const { target, writes, settle } = sink();
    const writer = new LineBatchWriter(target, { mapError: (error) => error, maxBatchMessages: 3 });
    const lines = Array.from({ length: 7 }, (_, i) => writer.write(`${i}\n`));
    expect(writes).toEqual(["0\n1\n2\n", "3\n4\n5\n"]);
    expect(lines[0]).toBe(lines[2]);
    expect(lines[3]).not.toBe(lines[2]);
    await tick();
    expect(writes).toEqual(["0\n1\n2\n", "3\n4\n5\n", "6\n"]);
    settle();
    await expect(Promise.all(lines)).resolves.toHaveLength(7);
    // One tick for the burst: nothing is left to write afterwards.
    await tick();
    expect(writes).toHaveLength(3);
  });

  it("rejects a batch size below one", () => {
    expect(() => new LineBatchWriter(sink().target, { mapError: (e) => e, maxBatchMessages: 0 })).toThrow(
      RangeError,
    );
  });

  it("turns a sink that throws into a rejection", async () => {
    const writer = new LineBatchWriter(
      {
        write() {
          throw new Error("destroyed");
        },
      },
      { mapError: (error) => new Error(`mapped: ${error.message}`) },
    );
    const line = writer.write("a\n");
    await expect(line).rejects.toThrow("mapped: destroyed");
  });
});
