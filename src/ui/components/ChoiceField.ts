/** What a labelled one-of-many choice takes, whichever control draws it. */

export interface ChoiceOption {
  value: string;
  label: string;
}

export interface ChoiceGroup {
  label: string;
  options: ChoiceOption[];
}

export interface ChoiceFieldProps {
  id: string;
  label: string;
  value: string;
  options: ChoiceOption[];
  /** Options under a heading each (YAML pipelines, Classic release definitions); empty ones hidden. */
  groups?: ChoiceGroup[];
  onChange: (value: string) => void;
}

/**
 * A control for a choice: DropdownField (azure-devops-ui) in the hub, SelectField (native) where
 * the Dropdown does not fit the page's size budget (widget configurations). A view used in both
 * takes the control from its caller, so each page bundles only its own.
 */
export type ChoiceField = (props: ChoiceFieldProps) => JSX.Element;
