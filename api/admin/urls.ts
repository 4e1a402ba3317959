/**
 * The service's public URLs, derived in one place from `PUBLIC_BASE_URL`: what integrators POST to
 * (SPEC §3) and what 360dialog calls back (SPEC §5).
 */

export function webhookUrl(publicBaseUrl: string, webhook: string): string {
  return `${trimBase(publicBaseUrl)}/notification/${webhook}/chat`;
}

export function callbackUrl(publicBaseUrl: string, channelId: string): string {
  return `${trimBase(publicBaseUrl)}/channels/${channelId}/callbacks`;
}

const trimBase = (url: string) => url.replace(/\/+$/, '');
