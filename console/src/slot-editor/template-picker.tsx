import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import type { CatalogTemplate, ChannelTemplates } from '../api/types.js';
import { Notice } from '../components/notice.js';

type Load = { state: 'loading' } | { state: 'ok'; list: ChannelTemplates } | { state: 'failed'; why: string };

/**
 * The channel's WhatsApp templates (issue 10), read through the admin API's stored copy, with a
 * refresh from 360dialog. Approved templates a slot can fill have a "Use" button; the others say why
 * not. When the list cannot be read the editor stays usable: the fields below are filled by hand.
 */
export function TemplatePicker(props: {
  channelId: string;
  readOnly: boolean;
  onPick: (template: CatalogTemplate) => void;
}): JSX.Element {
  const { channelId } = props;
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const read = async (method: 'GET' | 'POST') => {
    const path = `/admin/channels/${encodeURIComponent(channelId)}/templates${method === 'POST' ? '/refresh' : ''}`;
    setLoad({ state: 'loading' });
    try {
      setLoad({ state: 'ok', list: await api<ChannelTemplates>(method, path) });
    } catch (err) {
      setLoad({ state: 'failed', why: err instanceof ApiError ? err.message : String(err) });
    }
  };
  useEffect(() => {
    if (channelId !== '') void read('GET');
  }, [channelId]);
  if (channelId === '') {
    return (
      <p class="muted picker">
        Choose a destination channel on the General tab to pick one of its templates.
      </p>
    );
  }
  return (
    <section class="picker" aria-labelledby="picker-heading">
      <h2 id="picker-heading">Templates of channel {channelId}</h2>
      {load.state === 'loading' ? <p class="muted">Reading the templates…</p> : null}
      {load.state === 'failed' ? (
        <Notice kind="error">
          <strong>Templates unavailable.</strong> {load.why}. The template can still be entered by hand below;
          training checks it when 360dialog answers again.
        </Notice>
      ) : null}
      {load.state === 'ok' ? (
        <TemplateTable list={load.list} readOnly={props.readOnly} onPick={props.onPick} />
      ) : null}
      {props.readOnly ? null : (
        <button type="button" disabled={load.state === 'loading'} onClick={() => void read('POST')}>
          Refresh templates from 360dialog
        </button>
      )}
    </section>
  );
}

function TemplateTable(props: {
  list: ChannelTemplates;
  readOnly: boolean;
  onPick: (template: CatalogTemplate) => void;
}): JSX.Element {
  const { list } = props;
  const when = new Date(list.fetched_at).toLocaleString();
  return (
    <>
      <p class="muted">
        {list.source === 'live' ? 'Read from 360dialog just now' : `Stored copy, read from 360dialog ${when}`}
        . Only approved templates can be sent.
      </p>
      {list.templates.length === 0 ? (
        <p class="muted">The channel has no templates.</p>
      ) : (
        <div class="scroll">
          <table class="templates">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Language</th>
                <th scope="col">Status</th>
                <th scope="col">Category</th>
                <th scope="col">Values a send gives</th>
                <th scope="col">
                  <span class="sr-only">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.templates.map((t) => (
                <TemplateRow key={`${t.name}/${t.language}`} template={t} {...props} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function TemplateRow(props: {
  template: CatalogTemplate;
  readOnly: boolean;
  onPick: (template: CatalogTemplate) => void;
}): JSX.Element {
  const t = props.template;
  const why = unusable(t);
  const label = `${t.name} (${t.language})`;
  return (
    <tr class={why ? 'unusable' : undefined} data-template={`${t.name}/${t.language}`}>
      <td>{t.name}</td>
      <td>{t.language}</td>
      <td>
        <span class={`badge status-${t.status}`}>{t.status}</span>
      </td>
      <td>{t.category}</td>
      <td>{t.slot_parameters.length === 0 ? 'none' : t.slot_parameters.map((p) => p.fills).join(', ')}</td>
      <td>
        {why ? (
          <span class="muted">{why}</span>
        ) : props.readOnly ? null : (
          <button type="button" aria-label={`Use ${label}`} onClick={() => props.onPick(t)}>
            Use
          </button>
        )}
      </td>
    </tr>
  );
}

/** Why a template cannot be picked, or undefined when it can. */
export function unusable(t: CatalogTemplate): string | undefined {
  if (t.status.toLowerCase() !== 'approved') return `Not selectable: ${t.status}, not approved`;
  if (!t.slot_compatible)
    return 'Not selectable: no slot can fill it (a text-header variable, a location header or a copy-code button)';
  return undefined;
}
