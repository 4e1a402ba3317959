import type { TemplateParameter } from '../api/types.js';

const MEDIA = new Set(['image', 'document', 'video']);

/**
 * The seed's limits (one media, one URL button, one phone button), flagged while editing so nobody
 * has to press SAVE to learn them. Same texts as the server's (store/slot-rules.ts), which stays the
 * judge: the server checks again on every save.
 */
export function parameterLimits(
  params: TemplateParameter[],
): ({ type?: string; value?: string } | undefined)[] {
  let media = 0;
  let urls = 0;
  let phones = 0;
  return params.map((p) => {
    if (MEDIA.has(p.type) && ++media > 1)
      return { type: 'At most one media parameter (image, document or video) per slot' };
    if (p.type !== 'button_url') return undefined;
    if (p.value.trim().toLowerCase().startsWith('wa.me/')) {
      return ++phones > 1 ? { value: 'At most one phone-number button per slot' } : undefined;
    }
    return ++urls > 1 ? { value: 'At most one URL button per slot' } : undefined;
  });
}
