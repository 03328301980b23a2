import * as React from "react";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { SourceError, type NotAvailable } from "../../src/core/sources";
import { EarnedEmpty, NotAvailableNotice } from "../../src/ui/components/NotAvailableNotice";
import { UnknownFieldsMarker } from "../../src/ui/components/UnknownFieldsMarker";

const url = "https://dev.azure.com/fabrikam/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/_apis/release";
const definitions: NotAvailable = {
  what: "release definitions",
  kind: "server",
  reason: `GET ${url} failed with 500: TF400898: An internal error occurred.`,
  status: 500,
  attempts: 5,
};

describe("NotAvailableNotice", () => {
  it("renders nothing when everything was read", () => {
    const { container } = render(<NotAvailableNotice notes={[]} />);
    expect(container.innerHTML).toBe("");
  });

  it("says each source in one plain sentence, the technical detail behind Details", () => {
    render(<NotAvailableNotice notes={[definitions, { ...definitions }]} />);
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Some data could not be read, so items may be missing.");
    // Duplicates once.
    expect(
      within(alert).getAllByText(
        "Azure DevOps did not answer for the release definitions (server error, 5 tries).",
      ),
    ).toHaveLength(1);
    // No URL, GUID or TF code outside Details while it is closed.
    expect(alert.textContent).not.toMatch(/https?:|[0-9a-f]{8}-[0-9a-f]{4}-|TF\d{6}/i);
    const toggle = within(alert).getByRole("button", { name: "Details" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(alert.textContent).toContain(url);
    expect(alert.textContent).toContain("TF400898");
    expect(alert.textContent).toContain("HTTP 500");
    fireEvent.click(toggle);
    expect(alert.textContent).not.toContain(url);
  });

  it("says a whole failed load plainly, and a bug as a bug, never as missing data", () => {
    const { unmount } = render(
      <NotAvailableNotice
        error={new SourceError("throttled", `GET ${url} 429`, { status: 429, url })}
        title="Could not read the gates"
        severity="error"
      />,
    );
    expect(screen.getByRole("alert").textContent).toContain(
      "Could not read the gatesAzure DevOps did not answer (rate-limited).",
    );
    unmount();
    render(<NotAvailableNotice error={new TypeError("x is undefined")} title="Could not" />);
    expect(screen.getByRole("alert").textContent).toContain("not an answer from Azure DevOps");
    expect(screen.getByRole("alert").textContent).not.toContain("did not answer");
  });

  it("keeps older {what, reason} entries readable", () => {
    render(<NotAvailableNotice notes={[{ what: "pull request 87", reason: `GET ${url} 404` }]} />);
    expect(screen.getByText("Azure DevOps did not answer for the pull request 87.")).toBeTruthy();
  });
});

describe("EarnedEmpty", () => {
  it("shows the empty state only when every read succeeded", () => {
    const { rerender } = render(<EarnedEmpty partial={false}>No commits.</EarnedEmpty>);
    expect(screen.getByText("No commits.")).toBeTruthy();
    rerender(<EarnedEmpty partial>No commits.</EarnedEmpty>);
    expect(screen.queryByText("No commits.")).toBeNull();
    expect(screen.getByText(/some may be missing/)).toBeTruthy();
  });
});

describe("UnknownFieldsMarker", () => {
  it("names the fields of a kept item that could not be read", () => {
    render(
      <UnknownFieldsMarker
        unknown={[{ ...definitions, what: "stage Prod of web run 7", fields: ["timeoutAt"] }]}
      />,
    );
    const note = screen.getByRole("note", { name: "Fields not read" });
    expect(note.textContent).toBe("Not read: the timeout (server error)");
    expect(note.getAttribute("title")).toBe(
      "Azure DevOps did not answer for the timeout of stage Prod of web run 7 (server error, 5 tries).",
    );
  });
});
