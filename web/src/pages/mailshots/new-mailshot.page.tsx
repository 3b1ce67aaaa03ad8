import { Eye, Rocket } from 'lucide-react'
import { type FormEvent, useMemo, useState } from 'react'
import type { Attachment } from '../../api/attachments'
import {
  type CampaignDraft,
  type CampaignPreview,
  isLargeCsv,
  launchCampaign,
  previewDraft,
  previewSaved,
  saveDraft,
} from '../../api/campaigns'
import { ApiError, errorMessage } from '../../api/client'
import type { Me } from '../../api/session'
import type { Template } from '../../api/templates'
import { ConfirmDialog, ErrorNote } from '../../components/dialog'
import { PageHeader } from '../../components/misc'
import { formatDateTime, plural } from '../../format'
import { navigate } from '../../router'
import { AttachmentField } from '../compose/attachment-field'
import { ConnectionPicker } from '../messaging/connection-picker'
import { MessageEditor } from '../messaging/message-editor'
import {
  initialSchedule,
  type Schedule,
  ScheduleField,
  scheduleIso,
  scheduleProblem,
} from '../messaging/schedule-field'
import { TemplatePicker, TemplateText } from '../messaging/template-picker'
import { forgetHandedSource, readHandedSource } from './mailshot-handoff'
import { CreditRefusal, MailshotPreview } from './mailshot-preview'
import { initialSource, MailshotSource, type SourceState, toSource } from './mailshot-source'

interface Refusal {
  needed: number
  available: number
}

function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof ApiError) || error.code !== 'CREDITS_INSUFFICIENT') return null
  const { needed, available } = error.details ?? {}
  return typeof needed === 'number' && typeof available === 'number' ? { needed, available } : null
}

/**
 * A new mailshot: recipients, the text (a template or written here), the connection and the time,
 * then the preview, and only then the launch, which is refused with the numbers when the credits
 * do not cover it.
 */
export function NewMailshotPage(_props: { me: Me }) {
  const handed = useMemo(readHandedSource, [])
  const [name, setName] = useState(() => `Mailshot ${formatDateTime(new Date().toISOString())}`)
  const [source, setSource] = useState<SourceState>(() => initialSource(handed))
  const [template, setTemplate] = useState<Template | null>(null)
  const [body, setBody] = useState('')
  const [subject, setSubject] = useState('')
  const [connectionId, setConnectionId] = useState('')
  const [attachment, setAttachment] = useState<Attachment | null>(null)
  const [schedule, setSchedule] = useState<Schedule>(initialSchedule)
  const [formError, setFormError] = useState<string | null>(null)
  const [preview, setPreview] = useState<{ key: string; result: CampaignPreview } | null>(null)
  const [busy, setBusy] = useState<'preview' | 'launch' | null>(null)
  const [draftId, setDraftId] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [launchError, setLaunchError] = useState<string | null>(null)
  const [refusal, setRefusal] = useState<Refusal | null>(null)

  const built = useMemo((): CampaignDraft | string => {
    const chosen = toSource(source)
    if (typeof chosen === 'string') return chosen
    if (!name.trim()) return 'Give the mailshot a name.'
    if (!template && !body.trim()) return 'Write the text or choose a template.'
    const sendAt = scheduleIso(schedule)
    return {
      name: name.trim(),
      source: chosen,
      ...(template ? { templateId: template.id } : { body: body.trim() }),
      ...(subject.trim() ? { subject: subject.trim() } : {}),
      ...(connectionId ? { connectionId } : {}),
      ...(attachment ? { attachmentId: attachment.id } : {}),
      ...(sendAt ? { sendAt } : {}),
    }
  }, [source, name, template, body, subject, connectionId, attachment, schedule])
  const key = typeof built === 'string' ? '' : JSON.stringify(built)
  const stale = preview !== null && preview.key !== key

  const runPreview = async (draft: CampaignDraft, draftKey: string) => {
    setBusy('preview')
    setFormError(null)
    setLaunchError(null)
    setRefusal(null)
    try {
      let result: CampaignPreview
      if (isLargeCsv(draft.source)) {
        // too large for a JSON body: saved as a draft with the file uploaded, then previewed
        const saved = await saveDraft(draft, draftId)
        setDraftId(saved.id)
        result = await previewSaved(saved.id)
      } else {
        result = await previewDraft(draft)
      }
      setPreview({ key: draftKey, result })
    } catch (error) {
      setPreview(null)
      setFormError(errorMessage(error))
    } finally {
      setBusy(null)
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const problem = typeof built === 'string' ? built : scheduleProblem(schedule)
    if (problem || typeof built === 'string') {
      setFormError(problem)
      return
    }
    void runPreview(built, key)
  }

  const launch = async () => {
    if (typeof built === 'string' || !preview || stale) return
    setBusy('launch')
    setLaunchError(null)
    setRefusal(null)
    try {
      const saved = await saveDraft(built, draftId)
      setDraftId(saved.id)
      const launched = await launchCampaign(saved.id, preview.result.credits)
      forgetHandedSource()
      // the progress page says it is under way; a toast would cover its pause button
      navigate(`/mailshots/${encodeURIComponent(launched.id)}`)
    } catch (error) {
      const credits = refusalOf(error)
      if (credits) setRefusal(credits)
      else setLaunchError(errorMessage(error))
      // the balance or the recipients moved since the preview: show the numbers as they are now
      if (error instanceof ApiError && error.code === 'CAMPAIGN_COST_CHANGED') void runPreview(built, key)
    } finally {
      setBusy(null)
      setConfirming(false)
    }
  }

  const result = preview?.result
  const canLaunch = Boolean(result && !stale && result.enoughCredits && result.recipients > 0)
  return (
    <div className="page page-medium">
      <PageHeader title="New mailshot" />
      <form className="card compose" onSubmit={onSubmit} noValidate aria-label="New mailshot">
        <label className="field">
          <span className="field-label">Name</span>
          <input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        </label>
        <MailshotSource state={source} onChange={setSource} onError={setFormError} />
        <TemplatePicker value={template?.id ?? ''} onChange={setTemplate} />
        {template ? (
          <div className="field">
            <span className="field-label">Text of “{template.name}”</span>
            <TemplateText body={template.body} />
            <span className="field-help">
              Filled in for each person; the preview shows how a few of them will read it.
            </span>
          </div>
        ) : (
          <MessageEditor
            value={body}
            onChange={setBody}
            label="Message"
            showLabel
            minRows={5}
            maxHeight={360}
            placeholder="Hi {{ person.first_name }}, …"
            withLink={Boolean(attachment)}
          />
        )}
        <AttachmentField value={attachment} onChange={setAttachment} />
        <label className="field">
          <span className="field-label">
            Subject <span className="muted">(optional)</span>
          </span>
          <input value={subject} maxLength={200} onChange={(e) => setSubject(e.target.value)} />
        </label>
        <ConnectionPicker value={connectionId} onChange={setConnectionId} />
        <ScheduleField value={schedule} onChange={setSchedule} />
        {formError ? <ErrorNote message={formError} /> : null}
        <div className="compose-footer">
          <span className="muted small">Nothing is sent or charged until you launch it.</span>
          <button type="submit" className="button" disabled={busy !== null}>
            <Eye size={16} aria-hidden="true" /> {busy === 'preview' ? 'Previewing…' : 'Preview'}
          </button>
        </div>
      </form>
      {result ? (
        <MailshotPreview
          preview={result}
          stale={stale}
          scrollIntoView
          actions={
            <>
              {refusal ? <CreditRefusal needed={refusal.needed} available={refusal.available} /> : null}
              {launchError ? <ErrorNote message={launchError} /> : null}
              <button
                type="button"
                className="button button-primary"
                disabled={!canLaunch || busy !== null}
                onClick={() => setConfirming(true)}
              >
                <Rocket size={16} aria-hidden="true" />
                {schedule.later ? 'Schedule' : 'Launch'} for {plural(result.credits, 'credit')}
              </button>
            </>
          }
        />
      ) : null}
      {confirming && result ? (
        <ConfirmDialog
          title={schedule.later ? 'Schedule this mailshot?' : 'Launch this mailshot?'}
          message={`${plural(result.recipients, 'text')} to ${plural(result.recipients, 'person', 'people')} for ${plural(
            result.credits,
            'credit',
          )}${schedule.later ? `, on ${formatDateTime(scheduleIso(schedule) ?? '')}` : ', starting now'}. ${
            result.skipped ? `${plural(result.skipped, 'person', 'people')} skipped.` : ''
          }`}
          confirmLabel={schedule.later ? 'Schedule' : 'Launch'}
          busy={busy === 'launch'}
          onConfirm={() => void launch()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </div>
  )
}
