/** Supplies the Authorization header; `forceRefresh` asks for a new token after a 401. */
export interface AuthProvider {
  getAuthorizationHeader(forceRefresh?: boolean): Promise<string>;
}

/** Base64 of a string's UTF-8 bytes; `btoa` exists in browsers and in Node 16+. */
function base64Utf8(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

/** Personal access token as Basic auth with an empty user name. */
export function patAuth(pat: string): AuthProvider {
  if (!pat) {
    throw new Error("A personal access token is required (it was empty).");
  }
  const header = "Basic " + base64Utf8(":" + pat);
  return { getAuthorizationHeader: () => Promise.resolve(header) };
}

/** Bearer token from a callback (the SDK's getAccessToken in the browser). */
export function bearerAuth(getToken: () => Promise<string>): AuthProvider {
  return {
    // The SDK caches tokens and hands out a fresh one when the cached one expired, so a refresh
    // is simply another call.
    getAuthorizationHeader: async () => {
      const token = await getToken();
      return token ? "Bearer " + token : "";
    },
  };
}

/** Secrets that must never appear in a message: the header value and the token inside it. */
export function secretsOf(authorizationHeader: string): string[] {
  const secrets = new Set<string>();
  if (!authorizationHeader) return [];
  secrets.add(authorizationHeader);
  const [scheme, credential] = authorizationHeader.split(" ", 2);
  if (credential) {
    secrets.add(credential);
    if (scheme.toLowerCase() === "basic") {
      try {
        const decoded = atob(credential);
        const password = decoded.slice(decoded.indexOf(":") + 1);
        if (password) secrets.add(password);
      } catch {
        // not base64: nothing more to hide
      }
    }
  }
  return [...secrets].filter((secret) => secret.length >= 4);
}
