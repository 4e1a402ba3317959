/**
 * `https://user:token@host/…` is a common way to give a hook its credentials. Such a URL must not
 * enter workflow history (CONTRACTS §4, "secrets never in workflow history"): the snapshot a task
 * carries holds the URL without them, and the hook activity reads them back from the store.
 */

/** The URL without its user info; a URL without any (or not a URL) is returned unchanged. */
export function stripCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username === '' && parsed.password === '') return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}

/** True when the URL carries a user name or password. */
export function hasCredentials(url: string): boolean {
  return stripCredentials(url) !== url;
}
