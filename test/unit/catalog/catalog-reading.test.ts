import { describe, expect, it } from 'vitest';
import { checkWithReading } from '../../../catalog/catalog-reading.js';
import { ageInWords } from '../../../catalog/check-messages.js';
import type { SlotDestination } from '../../../catalog/slot-check.js';
import type { CatalogTemplate } from '../../../catalog/template-model.js';

/** How sure the check is: a list read just now, a stored copy used because 360dialog failed, or none. */
const TEMPLATES: CatalogTemplate[] = [
  {
    name: 'hello',
    language: 'en',
    status: 'approved',
    category: 'UTILITY',
    namespace: 'ns',
    components: [{ type: 'BODY', text: 'Hi {{1}}' }],
  },
];
const twoBodies: SlotDestination = {
  templateName: 'hello',
  languageCode: 'en',
  namespace: 'ns',
  templateParameters: [
    { type: 'body', value: 'a' },
    { type: 'body', value: 'b' },
  ],
};
const now = new Date('2026-12-01T12:00:00Z');
const at = (iso: string) => new Date(iso);
const COUNT =
  "Template 'hello' (en) has 1 body variable ({{1}}); the slot gives 2 body parameters (Template parameters)";

describe('the check with the catalog’s certainty', () => {
  it('reports errors as errors when the list was read just now, or from the stored copy by choice', () => {
    for (const reading of [
      { state: 'live' as const, templates: TEMPLATES, fetchedAt: now },
      { state: 'cache' as const, templates: TEMPLATES, fetchedAt: at('2026-11-30T12:00:00Z') },
    ]) {
      expect(checkWithReading(twoBodies, '360dialog-cloud', reading, now)).toEqual([
        { severity: 'error', field: 'destination.template_parameters', message: COUNT },
      ]);
    }
  });

  it('says how old a fallback copy is and turns its findings into warnings', () => {
    const reading = {
      state: 'cache' as const,
      templates: TEMPLATES,
      fetchedAt: at('2026-12-01T09:00:00Z'),
      failure: '360dialog answered HTTP 503: down',
    };
    expect(checkWithReading(twoBodies, '360dialog-cloud', reading, now)).toEqual([
      {
        severity: 'warning',
        field: 'destination_channel',
        message:
          "The channel's template list could not be read now (360dialog answered HTTP 503: down); the template was checked against the list read 3 hours ago (2026-12-01T09:00:00.000Z), and what it found is reported as warnings only (Destination channel)",
      },
      { severity: 'warning', field: 'destination.template_parameters', message: COUNT },
    ]);
  });

  it('warns that nothing could be checked when there is no list at all', () => {
    const reading = {
      state: 'unavailable' as const,
      failure: '360dialog answered HTTP 401: Invalid api_key',
    };
    expect(checkWithReading(twoBodies, '360dialog', reading, now)).toEqual([
      {
        severity: 'warning',
        field: 'destination_channel',
        message:
          "The template could not be checked: the channel's template list could not be read (360dialog answered HTTP 401: Invalid api_key) and none is stored (Destination channel)",
      },
    ]);
  });

  it.each([
    ['2026-12-01T11:59:30Z', '30 seconds ago'],
    ['2026-12-01T11:20:00Z', '40 minutes ago'],
    ['2026-11-30T12:00:00Z', '24 hours ago'],
    ['2026-11-24T12:00:00Z', '7 days ago'],
  ])('ages a copy read at %s as "%s"', (iso, words) => {
    expect(ageInWords(at(iso), now)).toBe(words);
  });
});
