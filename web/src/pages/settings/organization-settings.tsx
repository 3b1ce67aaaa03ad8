import { type FormEvent, useState } from 'react'
import { errorMessage } from '../../api/client'
import { useUpdateOrganization } from '../../api/organization'
import type { Me, OrgSettings } from '../../api/session'
import { ErrorNote } from '../../components/dialog'
import { showToast } from '../../components/toast'

/** The answers to keywords, each sent from the number that received it and charged as any text. */
const KEYWORD_REPLIES: { key: 'stopReply' | 'startReply' | 'helpReply'; label: string }[] = [
  { key: 'stopReply', label: 'Answer to STOP (and UNSUBSCRIBE, CANCEL, END, QUIT…)' },
  { key: 'startReply', label: 'Answer to START (and YES, UNSTOP)' },
  { key: 'helpReply', label: 'Answer to HELP (and INFO)' },
]

const TEAM_MODES: { value: OrgSettings['teamNotificationMode']; label: string }[] = [
  { value: 'none', label: 'Nobody else' },
  { value: 'team1', label: 'Their team 1' },
  { value: 'team2', label: 'Their team 2' },
  { value: 'both', label: 'Both their teams' },
]

export function OrganizationSettings({ me }: { me: Me }) {
  const org = me.organization
  const [name, setName] = useState(org.name)
  const [settings, setSettings] = useState<OrgSettings>(org.settings)
  const update = useUpdateOrganization()
  const set = <K extends keyof OrgSettings>(key: K, value: OrgSettings[K]) =>
    setSettings((s) => ({ ...s, [key]: value }))
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const changed = Object.fromEntries(
      Object.entries(settings).filter(
        ([key, value]) => JSON.stringify(org.settings[key as keyof OrgSettings]) !== JSON.stringify(value),
      ),
    ) as Partial<OrgSettings>
    update.mutate(
      {
        ...(name !== org.name ? { name } : {}),
        ...(Object.keys(changed).length ? { settings: changed } : {}),
      },
      { onSuccess: () => showToast({ tone: 'success', title: 'Settings saved' }) },
    )
  }
  const quiet = settings.quietHours
  return (
    <form className="card settings-form" onSubmit={submit} aria-label="Organization settings">
      <label className="field">
        <span className="field-label">Organization name</span>
        <input value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <div className="form-grid">
        <label className="field">
          <span className="field-label">Default country</span>
          <input
            value={settings.defaultCountry}
            pattern="[A-Z]{2}"
            maxLength={2}
            required
            onChange={(e) => set('defaultCountry', e.target.value.toUpperCase())}
            aria-describedby="country-help"
          />
          <span id="country-help" className="field-help">
            Two letters (GB, SE, US): numbers typed without a country code are read as this country's.
          </span>
        </label>
        <label className="field">
          <span className="field-label">Most segments per message</span>
          <input
            type="number"
            min={1}
            max={30}
            required
            value={settings.maxSegments}
            onChange={(e) => set('maxSegments', Number(e.target.value))}
          />
          <span className="field-help">Longer messages are refused before they cost anything.</span>
        </label>
        <label className="field">
          <span className="field-label">Credits per segment</span>
          <input
            type="number"
            min={0}
            max={1000}
            required
            value={settings.creditsPerSegment}
            onChange={(e) => set('creditsPerSegment', Number(e.target.value))}
          />
        </label>
        <label className="field">
          <span className="field-label">Keep message history (days, 0 = forever)</span>
          <input
            type="number"
            min={0}
            max={36500}
            required
            value={settings.retentionDays}
            onChange={(e) => set('retentionDays', Number(e.target.value))}
          />
        </label>
        <label className="field">
          <span className="field-label">Check polled providers for replies every (minutes)</span>
          <input
            type="number"
            min={1}
            max={1440}
            required
            value={settings.pollIntervalMinutes}
            onChange={(e) => set('pollIntervalMinutes', Number(e.target.value))}
          />
        </label>
        <label className="field">
          <span className="field-label">Replies are also shown to</span>
          <select
            value={settings.teamNotificationMode}
            onChange={(e) =>
              set('teamNotificationMode', e.target.value as OrgSettings['teamNotificationMode'])
            }
          >
            {TEAM_MODES.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings.includeMarketedWhenSorting}
          onChange={(e) => set('includeMarketedWhenSorting', e.target.checked)}
        />
        Include marketed (bulk) messages when sorting the inbox
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings.sendSubject}
          onChange={(e) => set('sendSubject', e.target.checked)}
        />
        Send the subject as part of the text
      </label>
      <fieldset className="fieldset">
        <legend>Quiet hours (in each recipient's time zone)</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={Boolean(quiet)}
            onChange={(e) => set('quietHours', e.target.checked ? { start: '21:00', end: '08:00' } : null)}
          />
          Hold scheduled texts during quiet hours
        </label>
        {quiet ? (
          <div className="form-row">
            <label className="field">
              <span className="field-label">From</span>
              <input
                type="time"
                value={quiet.start}
                onChange={(e) => set('quietHours', { ...quiet, start: e.target.value })}
              />
            </label>
            <label className="field">
              <span className="field-label">Until</span>
              <input
                type="time"
                value={quiet.end}
                onChange={(e) => set('quietHours', { ...quiet, end: e.target.value })}
              />
            </label>
          </div>
        ) : null}
      </fieldset>
      <fieldset className="fieldset" aria-describedby="keyword-replies-help">
        <legend>Answers to STOP, START and HELP</legend>
        <span id="keyword-replies-help" className="field-help">
          Sent from the number the candidate texted and charged like any text. {'{{ organization.name }}'} is
          replaced by the organization's name; leave a text empty to send no answer.
        </span>
        {KEYWORD_REPLIES.map(({ key, label }) => (
          <label key={key} className="field">
            <span className="field-label">{label}</span>
            <textarea
              rows={2}
              maxLength={480}
              value={settings[key]}
              onChange={(e) => set(key, e.target.value)}
            />
          </label>
        ))}
      </fieldset>
      {update.error ? <ErrorNote message={errorMessage(update.error)} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  )
}
