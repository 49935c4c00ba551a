// Counting records name people by what was typed or shown at the station (a display name), not by
// id, and counting compares those names ignoring case and surrounding spaces. These pure helpers
// find and replace a person's names the same way; the SQL in person-records.repo.ts mirrors them.

/** What replaces an erased person's name everywhere it was written. */
export const ERASED_NAME = 'Erased person';

/** How two names compare: "  Ann Berg" and "ann berg" are one person, as counting treats them. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * The strings that stand for this person in records: their id, e-mail and display name. Once
 * erased, only the id: 'Erased person' is shared by everyone erased.
 */
export function personNames(user: { id: string; email: string; display_name: string; erased_at: Date | null }): string[] {
  const names = user.erased_at ? [user.id] : [user.id, user.email, user.display_name];
  const byKey = new Map(names.map((n) => n.trim()).filter((n) => n.length > 0).map((n) => [nameKey(n), n]));
  return [...byKey.values()];
}

/** Whether a recorded string names the person. */
export type NameMatcher = (value: string) => boolean;

export function nameMatcher(names: readonly string[]): NameMatcher {
  const keys = new Set(names.map(nameKey));
  return (value) => keys.has(nameKey(value));
}

/** `values` with every name replaced, duplicates dropped (first place kept). */
export function replaceInList(values: readonly string[], isName: NameMatcher): string[] {
  return [...new Set(values.map((v) => (isName(v) ? ERASED_NAME : v)))];
}

/** Any JSON value with every string that is a name replaced, at any depth. */
export function replaceInJson(value: unknown, isName: NameMatcher): unknown {
  if (typeof value === 'string') return isName(value) ? ERASED_NAME : value;
  if (Array.isArray(value)) return value.map((v) => replaceInJson(v, isName));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceInJson(v, isName)]));
  }
  return value;
}

/** Free text (a rejection's reason: "Anna has no role at Plant 1") with each name's occurrences replaced, in any case. */
export function replaceInText(text: string, names: readonly string[]): string {
  // Longest first, so "Anna Berg" goes before a name that is a part of it.
  const ordered = names.map((n) => n.trim()).filter(Boolean).sort((a, b) => b.length - a.length);
  return ordered.reduce((t, name) => t.replace(new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), ERASED_NAME), text);
}
