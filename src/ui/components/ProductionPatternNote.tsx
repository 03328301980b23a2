import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import {
  parseProductionPatterns,
  productionPatternSentence,
} from "../../core/vocabulary/production";
import { useProduction } from "../production/ProductionProvider";
import "./ui.css";

/**
 * The one line every view that says "production" shows: the pattern it used and where it came
 * from. In the hub it also changes the project's setting (the CLI reads the same setting).
 */
export function ProductionPatternNote(props: { idPrefix: string; readOnly?: boolean }) {
  const production = useProduction();
  const { pattern, problem } = production;
  const save = props.readOnly ? undefined : production.save;
  const [editing, setEditing] = React.useState(false);
  const [text, setText] = React.useState("");
  const [error, setError] = React.useState<string | undefined>();
  const [saving, setSaving] = React.useState(false);
  const inputId = `${props.idPrefix}-production-pattern`;
  // A saved pattern reloads the view around this note, which may unmount it before save settles.
  const mounted = React.useRef(true);
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const start = () => {
    setText(pattern.source === "default" ? "" : pattern.patterns.join(", "));
    setError(undefined);
    setEditing(true);
  };
  const commit = (patterns: string[] | undefined) => {
    if (!save) return;
    setSaving(true);
    save(patterns).then(
      () => {
        if (!mounted.current) return;
        setSaving(false);
        setEditing(false);
      },
      () => {
        if (!mounted.current) return;
        setSaving(false);
        setError("The production pattern could not be saved. Try again.");
      },
    );
  };
  const submit = () => {
    const parsed = parseProductionPatterns(text);
    if (!parsed.ok) setError(`Not saved: ${parsed.problem}.`);
    else commit(parsed.patterns);
  };

  return (
    <div className="flex-column rhythm-vertical-8" aria-label="Production pattern">
      <div>
        <span className="rt-muted">{productionPatternSentence(pattern)}</span>
        {save && !editing && (
          <>
            {" "}
            <button type="button" className="rt-link rt-production-change" onClick={start}>
              Change
            </button>
          </>
        )}
      </div>
      {problem && <div className="rt-muted">{problem}</div>}
      {editing && (
        <div className="flex-column rhythm-vertical-4">
          <label htmlFor={inputId} className="font-weight-semibold">
            Production environments and stages (comma-separated globs; &quot;default&quot; for the
            default rule)
          </label>
          <input
            id={inputId}
            className="rt-production-input body-m"
            value={text}
            spellCheck={false}
            placeholder="prod*, live"
            aria-invalid={error !== undefined}
            aria-describedby={error ? `${inputId}-error` : undefined}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") submit();
              if (event.key === "Escape") setEditing(false);
            }}
          />
          {error && (
            <div id={`${inputId}-error`} role="alert" className="rt-production-error">
              {error}
            </div>
          )}
          <div className="flex-row rhythm-horizontal-8">
            <Button text="Save" primary disabled={saving} onClick={submit} />
            <Button text="Use the default" disabled={saving} onClick={() => commit(undefined)} />
            <Button text="Cancel" subtle disabled={saving} onClick={() => setEditing(false)} />
          </div>
        </div>
      )}
    </div>
  );
}
