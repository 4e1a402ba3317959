import { checkSlotTemplate } from '../../../catalog/slot-check.js';
import {
  bodyTextOf,
  buttonsOf,
  type CatalogTemplate,
  headerOf,
  isDynamicUrl,
  MEDIA_FORMATS,
  type TemplateButton,
  variablesOf,
} from '../../../catalog/template-model.js';
import type { ChannelTemplates } from '../../../catalog/template-catalog.js';
import type { TemplateParameterType } from '../../../workflows/slot-snapshot.js';

/**
 * A template as the admin API lists it: its components with the number of values a send must
 * give each, and the `template_parameters` rows a slot needs for it (what a console's template
 * picker fills in). `slot_compatible` runs those rows through the template check itself, so the
 * list and training can never disagree.
 */
export function templateView(template: CatalogTemplate) {
  const slotParameters = slotParametersFor(template);
  const destination = {
    templateName: template.name,
    languageCode: template.language,
    namespace: template.namespace ?? '',
    templateParameters: slotParameters.map((p) => ({ type: p.type, value: 'x' })),
  };
  const fits = checkSlotTemplate(destination, '360dialog-cloud', [{ ...template, status: 'approved' }]);
  return {
    name: template.name,
    language: template.language,
    status: template.status,
    category: template.category,
    namespace: template.namespace,
    components: template.components.map(componentView),
    slot_parameters: slotParameters,
    slot_compatible: !fits.some((f) => f.severity === 'error'),
  };
}

export const channelTemplatesView = (list: ChannelTemplates) => ({
  channel_id: list.channelId,
  kind: list.kind,
  fetched_at: list.fetchedAt.toISOString(),
  source: list.source,
  templates: list.templates.map(templateView),
});

function componentView(component: CatalogTemplate['components'][number]) {
  const c = component as { type: string; format?: string; text?: string; buttons?: TemplateButton[] };
  if (c.type === 'BUTTONS') {
    return { type: c.type, parameters: 0, buttons: (c.buttons ?? []).map(buttonView) };
  }
  const media = c.type === 'HEADER' && c.format !== undefined && c.format !== 'TEXT';
  return {
    type: c.type,
    ...(c.format === undefined ? {} : { format: c.format }),
    ...(c.text === undefined ? {} : { text: c.text }),
    parameters: media ? 1 : c.type === 'FOOTER' ? 0 : variablesOf(c.text).length,
  };
}

function buttonView(button: TemplateButton) {
  const takes = isDynamicUrl(button) || button.type === 'COPY_CODE';
  return { ...button, parameters: takes ? 1 : 0 };
}

function slotParametersFor(template: CatalogTemplate): { type: TemplateParameterType; fills: string }[] {
  const rows: { type: TemplateParameterType; fills: string }[] = [];
  const format = headerOf(template)?.format.toUpperCase();
  if (format !== undefined && MEDIA_FORMATS.has(format)) {
    const type = format.toLowerCase() as TemplateParameterType;
    rows.push({ type, fills: `${type} header` });
  }
  for (const variable of variablesOf(bodyTextOf(template)))
    rows.push({ type: 'body', fills: `body {{${variable}}}` });
  buttonsOf(template).forEach((button, index) => {
    if (isDynamicUrl(button)) {
      rows.push({
        type: 'button_url',
        fills: `button ${index + 1} '${button.text}': end of ${button.url ?? ''}`,
      });
    }
  });
  return rows;
}
