import * as React from "react";
import {
  builtInChoice,
  DEFAULT_BASELINE_PATH,
  normalizePath,
  type BaselineChoice,
} from "../compliance/choice";
import { DropdownField } from "./DropdownField";
import "./ui.css";

export interface RepositoryOption {
  id: string;
  name: string;
}

/**
 * Built-in baseline or a file in a repository of the project; the path applies on Enter or when
 * the field loses focus.
 */
export function BaselinePicker(props: {
  idPrefix: string;
  choice: BaselineChoice;
  /** Repositories to pick from; undefined while they load. */
  repositories?: RepositoryOption[];
  onChange: (choice: BaselineChoice) => void;
}) {
  const { idPrefix, choice, repositories, onChange } = props;
  const choicePath = choice.kind === "repository" ? choice.path : DEFAULT_BASELINE_PATH;
  const [path, setPath] = React.useState(choicePath);
  React.useEffect(() => setPath(choicePath), [choicePath]);

  const repositoryChoice = (repository: RepositoryOption | undefined, filePath: string) => {
    if (!repository) return;
    onChange({
      kind: "repository",
      repositoryId: repository.id,
      repositoryName: repository.name,
      path: normalizePath(filePath || DEFAULT_BASELINE_PATH),
    });
  };
  const sorted = [...(repositories ?? [])].sort((left, right) =>
    left.name.localeCompare(right.name),
  );
  const selectedRepository =
    choice.kind === "repository" ? choice.repositoryId : (sorted[0]?.id ?? "");
  const commitPath = () => {
    if (choice.kind !== "repository" || normalizePath(path) === choice.path) return;
    repositoryChoice(
      sorted.find((repository) => repository.id === choice.repositoryId) ?? {
        id: choice.repositoryId,
        name: choice.repositoryName,
      },
      path,
    );
  };

  return (
    <div className="flex-column rhythm-vertical-8">
      <DropdownField
        id={`${idPrefix}-kind`}
        label="Baseline"
        value={choice.kind}
        options={[
          { value: "built-in", label: "Built-in baseline" },
          { value: "repository", label: "A file in a repository of the project" },
        ]}
        onChange={(kind) =>
          kind === "built-in"
            ? onChange(builtInChoice)
            : repositoryChoice(
                sorted.find((repository) => repository.id === selectedRepository),
                path,
              )
        }
      />
      {choice.kind === "repository" && (
        <>
          <DropdownField
            id={`${idPrefix}-repository`}
            label="Repository"
            value={selectedRepository}
            options={
              repositories === undefined
                ? [{ value: selectedRepository, label: choice.repositoryName || "Loading…" }]
                : sorted.map((repository) => ({ value: repository.id, label: repository.name }))
            }
            onChange={(id) =>
              repositoryChoice(
                sorted.find((repository) => repository.id === id),
                path,
              )
            }
          />
          <div className="flex-column rhythm-vertical-4">
            <label htmlFor={`${idPrefix}-path`} className="font-weight-semibold">
              Path (.yml, .yaml or .json)
            </label>
            <input
              id={`${idPrefix}-path`}
              className="rt-input body-m"
              value={path}
              spellCheck={false}
              onChange={(event) => setPath(event.target.value)}
              onBlur={commitPath}
              onKeyDown={(event) => {
                if (event.key === "Enter") commitPath();
              }}
            />
          </div>
        </>
      )}
    </div>
  );
}
