/**
 * The fuzz run must never make the service contact a host off this machine, whatever URL the fuzzer
 * generated or whatever default a channel fell back to (https://waba.360dialog.io). Every outgoing
 * HTTP call of the service (360dialog sends, callback registration, template reads, branch hooks)
 * goes through the global `fetch`, so `service.ts` replaces it with `loopbackOnly(fetch)` before
 * the service starts: a request to anything but a loopback address fails before any DNS lookup or
 * connection, as an unreachable host does (`TypeError: fetch failed`), and is reported so the run
 * can count it. The schemathesis hook (`hooks.py`) points generated URLs at the 360dialog mock; this
 * is what makes a URL it missed harmless. Test tooling, never loaded by the product.
 */

/** True for 127.0.0.0/8, ::1 and localhost: the only hosts the fuzz run may reach. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The target of a fetch call's first argument, whichever of its three forms it takes. */
function targetOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** `realFetch` for loopback targets; a rejection like an unreachable host's for any other. */
export function loopbackOnly(realFetch: typeof fetch, onBlocked: (hostname: string) => void): typeof fetch {
  return (input, init) => {
    let hostname: string;
    try {
      hostname = new URL(targetOf(input)).hostname;
    } catch {
      return realFetch(input, init); // not a URL: fetch itself rejects it, without any network
    }
    if (isLoopbackHost(hostname)) return realFetch(input, init);
    onBlocked(hostname);
    const cause = new Error(`off-machine host ${hostname} refused by the API fuzz run`);
    return Promise.reject(new TypeError('fetch failed', { cause }));
  };
}
