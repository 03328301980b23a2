import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";
import { fileProblem } from "./errors";

/** Why a file could not be read, in words for a message; `tooLarge` when it passed the limit. */
export class FileReadError extends Error {
  constructor(
    readonly reason: string,
    readonly tooLarge = false,
  ) {
    super(reason);
    this.name = "FileReadError";
  }
}

/**
 * A file's UTF-8 text, read with a bound: regular files only (a device such as /dev/zero, a FIFO
 * or a socket is refused before it is opened, so nothing blocks or fills memory) and at most
 * `limit` bytes.
 */
export function readBoundedText(path: string, limit: number): string {
  let fd: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new FileReadError("it is a directory, not a file");
    if (!stats.isFile())
      throw new FileReadError("it is not a regular file (a device, FIFO or socket)");
    // O_NONBLOCK: should the path be swapped for a FIFO after the check, open does not wait.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw error instanceof FileReadError ? error : new FileReadError(fileProblem(error));
  }
  try {
    if (!fstatSync(fd).isFile()) throw new FileReadError("it is not a regular file");
    const bytes = readAtMost(fd, limit + 1);
    if (bytes.length > limit) throw new FileReadError(`it is larger than ${limit} bytes`, true);
    return decodeUtf8(bytes);
  } finally {
    closeSync(fd);
  }
}

function readAtMost(fd: number, limit: number): Buffer {
  const buffer = Buffer.alloc(Math.min(limit, 1 << 20));
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const count = readSync(fd, buffer, 0, Math.min(buffer.length, limit - total), null);
    if (count === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, count)));
    total += count;
    if (total >= limit) break;
  }
  return Buffer.concat(chunks, total);
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new FileReadError("it is not UTF-8 text");
  }
}
