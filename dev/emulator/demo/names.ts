/** Realistic names for the demo organisation. */

export const PEOPLE: [string, string][] = [
  ["Normal Paulk", "normal.paulk"],
  ["Chuck Reinhart", "chuck.reinhart"],
  ["Amita Rao", "amita.rao"],
  ["Johnnie McLeod", "johnnie.mcleod"],
  ["Christie Church", "christie.church"],
  ["Jamal Hartnett", "jamal.hartnett"],
  ["Raisa Pokrovskaya", "raisa.pokrovskaya"],
  ["Mateo Escobedo", "mateo.escobedo"],
  ["Henry Brill", "henry.brill"],
  ["Wilson Pais", "wilson.pais"],
  ["Ying Zhou", "ying.zhou"],
  ["Tomasz Nowak", "tomasz.nowak"],
  ["Priya Natarajan", "priya.natarajan"],
  ["Lena Fischer", "lena.fischer"],
];

export const GROUPS: string[] = ["Release Managers", "Security Reviewers", "Platform Team"];

/** The hand-picked repositories of the main project, in order. */
export interface RepoSpec {
  name: string;
  defaultBranch?: string;
  isDisabled?: boolean;
}

export const MAIN_REPOS: RepoSpec[] = [
  { name: "web-app", defaultBranch: "refs/heads/main" },
  { name: "api-gateway", defaultBranch: "refs/heads/main" },
  { name: "payments-service", defaultBranch: "refs/heads/master" },
  { name: "identity-service", defaultBranch: "refs/heads/develop" },
  { name: "mobile-client", defaultBranch: "refs/heads/main" },
  { name: "infra-terraform", defaultBranch: "refs/heads/main" },
  { name: "data-pipeline", defaultBranch: "refs/heads/master" },
  { name: "docs-site", defaultBranch: "refs/heads/main" },
  { name: "shared-libs", defaultBranch: "refs/heads/main" },
  { name: "legacy-monolith", defaultBranch: "refs/heads/master", isDisabled: true },
  { name: "archive-2019", defaultBranch: "refs/heads/main", isDisabled: true },
  { name: "sandbox-empty" },
];

export const SECOND_REPOS: RepoSpec[] = [
  { name: "shared-components", defaultBranch: "refs/heads/main" },
  { name: "contoso-portal", defaultBranch: "refs/heads/main" },
];

export const DOMAINS = [
  "orders",
  "catalog",
  "checkout",
  "billing",
  "shipping",
  "inventory",
  "pricing",
  "search",
  "notifications",
  "analytics",
  "loyalty",
  "reporting",
  "auth",
  "media",
  "messaging",
  "scheduling",
  "compliance",
  "customer",
  "partner",
  "warehouse",
  "fraud",
  "tax",
  "returns",
  "reviews",
  "recommendations",
];

export const COMPONENTS = [
  "api",
  "service",
  "worker",
  "web",
  "ui",
  "lib",
  "infra",
  "jobs",
  "sdk",
  "adapter",
];

export const FEATURE_TOPICS = [
  "add-retry-on-timeouts",
  "cache-product-lookups",
  "fix-null-currency",
  "upgrade-node-20",
  "structured-logging",
  "oauth-refresh-token",
  "rate-limit-headers",
  "paginate-order-history",
  "dark-mode",
  "feature-flags",
  "health-probes",
  "remove-legacy-endpoint",
  "metrics-dashboard",
  "localise-emails",
  "batch-exports",
];

export const COMMIT_MESSAGES = [
  "Fix flaky integration test for order totals",
  "Bump dependencies to latest patch versions",
  "Add structured logging to request pipeline",
  "Refactor configuration loading",
  "Handle 429 responses with exponential back-off",
  "Update README with local setup steps",
  "Tighten input validation on checkout form",
  "Extract pricing rules into their own module",
  "Improve error message when token expires",
  "Remove unused feature toggle",
  "Add health endpoint for readiness probe",
  "Speed up CI by caching node_modules",
  "Correct time zone handling in reports",
  "Add unit tests for discount calculation",
];

export const PR_TITLES = [
  "Add retry on transient HTTP failures",
  "Cache product lookups for 5 minutes",
  "Fix null currency on refunds",
  "Upgrade runtime to Node 20",
  "Introduce structured logging",
  "Support OAuth refresh tokens",
  "Expose rate-limit headers",
  "Paginate order history",
  "Dark mode for the dashboard",
  "Feature flags for checkout",
  "Readiness and liveness probes",
  "Remove the legacy v1 endpoint",
  "Metrics dashboard for payments",
  "Localise transactional e-mails",
  "Batch CSV exports",
];

export const STORY_TITLES = [
  "As a shopper I can save my cart for later",
  "As an admin I can export orders as CSV",
  "As a user I can reset my password by e-mail",
  "As support I can see a customer's order history",
  "As a shopper I see delivery estimates at checkout",
  "As a finance user I can reconcile refunds",
  "As a developer I can run the stack locally with one command",
  "As an operator I get alerts when queues back up",
];

export const BUG_TITLES = [
  "Checkout fails when the basket contains a gift card",
  "Order totals off by one cent with some discounts",
  "Login page loops after token expiry",
  "CSV export drops rows with commas in names",
  "Timeouts calling the tax service at peak",
  "Wrong currency symbol for CHF",
  "Search returns archived products",
  "Push notifications sent twice",
];

export const TASK_TITLES = [
  "Write integration tests",
  "Update API documentation",
  "Add telemetry",
  "Review error handling",
  "Wire up feature flag",
  "Add database migration",
  "Update dashboards",
  "Load test the endpoint",
];

/**
 * Text with characters a renderer must escape (quotes, ampersands, apostrophes) but no markup:
 * script-looking text belongs to the hostile demo only (hostile.ts, `--hostile`).
 */
export const TRICKY_TEXT = {
  productName: `"Fish & Chips" O'Brien`,
  /** A short-lived feature branch of web-app, also a pull request's source. */
  branch: "refs/heads/feature/escape-product-names",
};

// prod-dr: a production environment no pipeline deploys to yet, with an open branch control and a
// disabled approval (what compliance checks of environments must catch).
export const ENVIRONMENT_NAMES = [
  "dev",
  "test",
  "staging",
  "prod",
  "prod-eu",
  "prod-us",
  "prod-dr",
];

export const EXTRA_ENVIRONMENT_NAMES = [
  "qa",
  "perf",
  "uat",
  "prod-apac",
  "prod-uk",
  "prod-ca",
  "dr",
  "canary",
  "preview",
  "integration",
];

/** Incidents: production problems filed as Bugs tagged "incident". */
export const INCIDENT_TITLES = [
  "Checkout returns 500 for a third of requests",
  "Payments declined for cards issued in the EU",
  "Login unavailable after the certificate rotation",
  "Order confirmation e-mails delayed by two hours",
  "API gateway drops requests with long headers",
  "Prices shown without tax on the product page",
  "Search results empty for accented queries",
  "Refunds stuck in pending after the release",
];
