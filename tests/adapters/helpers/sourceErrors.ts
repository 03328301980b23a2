import { SourceError } from "../../../src/adapters/ado";

/** The SourceError a promise rejects with; fails the test when it resolves or throws otherwise. */
export async function sourceErrorOf(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw new Error(`expected a SourceError, got ${String(error)}`);
  }
  throw new Error("expected the call to fail with a SourceError");
}
