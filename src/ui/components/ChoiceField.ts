/** What a labelled one-of-many choice takes (DropdownField draws it). */

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
