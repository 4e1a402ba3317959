import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import { useGet } from '../api/hooks.js';
import type { Agent, Channel, SaveTemplateCheck, Slot } from '../api/types.js';
import { Loading, Notice } from '../components/notice.js';
import { TemplateWarnings } from '../components/warnings.js';
import { Tabs } from '../components/tabs.js';
import { href, navigate } from '../router.js';
import { DestinationTab } from './destination-tab.js';
import { emptyForm, tabOf, toForm, toSettings, type SlotForm, type TabId } from './form.js';
import { GeneralTab } from './general-tab.js';
import { IncomingTab } from './incoming-tab.js';

/**
 * The seed's notification-slot editor. A new slot (`agentId`) has CREATE; an existing one
 * (`slotId`) has SAVE. Both send the whole settings to the admin API and show its field errors
 * ("Please enter text") under their fields, flagging the tabs that hold them.
 */
export function SlotEditor(props: { agentId?: string; slotId?: string; readOnly: boolean }): JSX.Element {
  const existing = useGet<Slot>(props.slotId ? `/admin/slots/${props.slotId}` : null);
  const agentId = props.agentId ?? existing.data?.agent_id;
  const agent = useGet<Agent>(agentId ? `/admin/agents/${agentId}` : null);
  const companyId = agent.data?.company_id;
  const channels = useGet<{ channels: Channel[] }>(
    companyId ? `/admin/companies/${companyId}/channels` : null,
  );
  const [slot, setSlot] = useState<Slot | undefined>();
  const [form, setForm] = useState<SlotForm | undefined>(props.slotId ? undefined : emptyForm());
  const [tab, setTab] = useState<TabId>('general');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>();
  const [check, setCheck] = useState<SaveTemplateCheck | undefined>();

  useEffect(() => {
    if (existing.data) {
      setSlot(existing.data);
      setForm(toForm(existing.data));
    }
  }, [existing.data]);
  if (!form || !agentId || !channels.data)
    return <Loading error={existing.error ?? agent.error ?? channels.error} />;

  const channel = channels.data.channels.find((c) => c.id === form.destination_channel);
  const onPremise = channel?.kind === '360dialog';
  const set = (patch: Partial<SlotForm>) => setForm({ ...form, ...patch });
  const submit = async (e: Event) => {
    e.preventDefault();
    const settings = toSettings(form, channel?.kind === '360dialog-cloud');
    try {
      type Saved = Slot & { template_check?: SaveTemplateCheck };
      const saved = slot
        ? await api<Saved>('PUT', `/admin/slots/${slot.id}`, settings)
        : await api<Saved>('POST', `/admin/agents/${agentId}/slots`, settings);
      setErrors({});
      setCheck(saved.template_check);
      setNotice({
        kind: 'ok',
        text: slot ? 'Saved. Live after the next training.' : 'Created. Live after the next training.',
      });
      if (!slot) navigate(href('slots', saved.id));
      setSlot(saved);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setErrors(err.fields);
      const first = err.body.errors?.[0];
      if (first) setTab(tabOf(first.field));
      setNotice({ kind: 'error', text: err.message });
    }
  };
  const generate = async () => {
    if (slot) setSlot(await api<Slot>('POST', `/admin/slots/${slot.id}/generate-webhook`));
  };
  const invalid = new Set(Object.keys(errors).map(tabOf));
  const tabs = [
    { id: 'general' as const, label: 'General', invalid: invalid.has('general') },
    { id: 'incoming' as const, label: 'Incoming Data', invalid: invalid.has('incoming') },
    { id: 'destination' as const, label: 'Destination', invalid: invalid.has('destination') },
  ];
  return (
    <form class="slot-editor" onSubmit={(e) => void submit(e)} noValidate>
      <p>
        <a href={href('agents', agentId)}>← Agent {agentId}</a>
      </p>
      <h1>{slot ? `Slot: ${slot.name}` : 'New notification slot'}</h1>
      <Tabs label="Slot settings" tabs={tabs} selected={tab} onSelect={setTab} />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="panel">
        {tab === 'general' ? (
          <GeneralTab
            form={form}
            set={set}
            errors={errors}
            channels={channels.data.channels}
            slot={slot}
            readOnly={props.readOnly}
            onGenerate={generate}
          />
        ) : tab === 'incoming' ? (
          <IncomingTab form={form} set={set} errors={errors} readOnly={props.readOnly} />
        ) : (
          <DestinationTab
            form={form}
            set={set}
            errors={errors}
            onPremise={onPremise}
            readOnly={props.readOnly}
            slotId={slot?.id}
            settings={() => toSettings(form, channel?.kind === '360dialog-cloud')}
          />
        )}
      </div>
      {props.readOnly ? null : (
        <button type="submit" class="primary">
          {slot ? 'SAVE' : 'CREATE'}
        </button>
      )}
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {notice?.kind === 'ok' && check ? (
        <TemplateWarnings
          title="The template check found (the slot is saved anyway):"
          warnings={check.warnings}
        />
      ) : null}
    </form>
  );
}
