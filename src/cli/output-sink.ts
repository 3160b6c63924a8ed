/// <reference types="node" />
/**
 * The one output sink of the command line: everything a command prints goes through it. When
 * stdout or stderr is closed under it (`| head -c1`, a closed terminal) the stream's error
 * (EPIPE...) is taken here, that stream is written no more, and the command carries on quietly
 * to its end: no stack trace, and the exit code still says how the job ended.
 */
import type { ProgressStream } from "./progress.js";

interface NodeOutput {
  write(text: string): boolean;
  on(event: "error", listener: (error: Error) => void): unknown;
  isTTY?: boolean;
  destroyed?: boolean;
  writableEnded?: boolean;
}

export interface OutputSink {
  stdout: ProgressStream;
  stderr: ProgressStream;
  /** Whether the stream was found closed (nothing more is written to it). */
  closed(name: "stdout" | "stderr"): boolean;
}

export function outputSink(streams: { stdout: NodeOutput; stderr: NodeOutput }): OutputSink {
  const closed = { stdout: false, stderr: false };
  const guarded = (name: "stdout" | "stderr"): ProgressStream => {
    const stream = streams[name];
    stream.on("error", () => {
      closed[name] = true;
    });
    return {
      get isTTY() {
        return stream.isTTY === true;
      },
      write(text: string): boolean {
        if (closed[name] || stream.destroyed || stream.writableEnded) return false;
        try {
          return stream.write(text);
        } catch {
          closed[name] = true;
          return false;
        }
      },
    };
  };
  return { stdout: guarded("stdout"), stderr: guarded("stderr"), closed: (name) => closed[name] };
}
