import {
  attempt,
  attemptFields,
  notAvailableOf,
  plainSentence,
  SourceError,
  unknownFieldsOf,
  type NotAvailable,
} from "../../../src/core/sources";

const serverError = new SourceError("server", "GET https://dev.azure.com/o/_apis/x failed: 500", {
  url: "https://dev.azure.com/o/_apis/x",
  status: 500,
  attempts: 5,
});

describe("attempt", () => {
  it("records a source error and answers the fallback", async () => {
    const notes: NotAvailable[] = [];
    const value = await attempt(
      notes,
      "release definitions",
      () => Promise.reject(serverError),
      [],
    );
    expect(value).toEqual([]);
    expect(notes).toEqual([
      {
        what: "release definitions",
        kind: "server",
        reason: serverError.message,
        status: 500,
        attempts: 5,
      },
    ]);
  });

  it("throws anything else: a bug is never reported as missing data", async () => {
    const notes: NotAvailable[] = [];
    await expect(
      attempt(notes, "runs", () => Promise.reject(new TypeError("x is undefined")), []),
    ).rejects.toThrow(TypeError);
    await expect(
      attemptFields(
        notes,
        { what: "stage Prod", fields: ["timeoutAt"] },
        () => Promise.reject(new Error("bug")),
        undefined,
      ),
    ).rejects.toThrow("bug");
    expect(notes).toEqual([]);
  });
});

describe("plainSentence", () => {
  it("says what and why in one sentence, without the URL", () => {
    const sentence = plainSentence(notAvailableOf("release definitions", serverError));
    expect(sentence).toBe(
      "Azure DevOps did not answer for the release definitions (server error, 5 tries).",
    );
    expect(sentence).not.toMatch(/https?:|_apis|TF\d+/);
  });

  it("names the unknown fields of a kept item in words", () => {
    const entry = notAvailableOf("stage Prod of web run 20261202.1", serverError, [
      "environment",
      "timeoutAt",
      "checks.type",
    ]);
    expect(plainSentence(entry)).toBe(
      "Azure DevOps did not answer for the environment, the timeout, the check types of " +
        "stage Prod of web run 20261202.1 (server error, 5 tries).",
    );
    expect(unknownFieldsOf([entry], "stage Prod of web run 20261202.1")).toEqual([
      "environment",
      "timeoutAt",
      "checks.type",
    ]);
  });
});
