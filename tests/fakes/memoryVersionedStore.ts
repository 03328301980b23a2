import type { VersionedStore } from "../../src/core/sources/versionedDocument";

/**
 * Extension data in memory, as strict as the service: a write names the etag it read (none for
 * a new document) and fails on any other; a stored value is a JSON copy.
 */
export function memoryVersionedStore() {
  const documents = new Map<string, { value: unknown; etag: number }>();
  let writes = 0;
  const store: VersionedStore = {
    read: async (key) => documents.get(key),
    write: async (key, value, etag) => {
      const current = documents.get(key);
      if ((current === undefined) !== (etag === undefined)) return false;
      if (current && current.etag !== etag) return false;
      writes += 1;
      documents.set(key, { value: JSON.parse(JSON.stringify(value)), etag: (etag ?? 0) + 1 });
      return true;
    },
  };
  return { store, documents, writes: () => writes };
}
