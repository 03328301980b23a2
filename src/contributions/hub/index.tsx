/** Hub "Release Trace": the project's repositories and the policies on their default branches. */
import "azure-devops-ui/Core/override.css";
import * as React from "react";
import { RepositoryPoliciesPage } from "../../ui/components/RepositoryPoliciesPage";
import { failStartup, startPage } from "../startup";

startPage(() => <RepositoryPoliciesPage />).catch(failStartup);
