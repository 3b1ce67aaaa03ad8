import { useQueries } from '@tanstack/react-query'
import { AlertTriangle, FileText, Send } from 'lucide-react'
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react'
import { type Attachment, sendWithAttachment } from '../../api/attachments'
import { type BulkSendReply, sendBulk } from '../../api/campaigns'
import { ApiError, errorMessage } from '../../api/client'
import { sendMessage, useInvalidateMessaging } from '../../api/messages'
import { fetchPerson, peopleKeys } from '../../api/people'
import { can, type Me } from '../../api/session'
import { sendTemplateDocument, type Template } from '../../api/templates'
import { ConfirmDialog, ErrorNote } from '../../components/dialog'
import { PageHeader } from '../../components/misc'
import { showToast } from '../../components/toast'
import { plural } from '../../format'
import { newUuid } from '../../ids'
import { useLocation } from '../../router'
import { ConnectionPicker } from '../messaging/connection-picker'
import { MessageEditor } from '../messaging/message-editor'
import {
  personRecipient,
  type Recipient,
  RecipientPicker,
  recipientLabel,
} from '../messaging/recipient-picker'
import {
  initialSchedule,
  type Schedule,
  ScheduleField,
  scheduleIso,
  scheduleProblem,
} from '../messaging/schedule-field'
import { TemplatePicker, TemplateText } from '../messaging/template-picker'
import { AttachmentField } from './attachment-field'
import { type PlannedSend, type Skip, TEMPLATE_SAMPLES, useComposePlan } from './compose-plan'
import { QuietHoursNote, type QuietHoursOverride, useQuietHoursHold } from './quiet-hours-note'
import { BulkResults, type SendResult, SendResults } from './send-results'

/** People named in `?to=id,id` (from a record's "Send SMS" or a bulk selection), added once loaded. */
function usePrefilledRecipients(onLoaded: (recipients: Recipient[]) => void) {
  const { search } = useLocation()
  const ids = useMemo(() => (search.get('to') ?? '').split(',').filter(Boolean), [search])
  const results = useQueries({
    queries: ids.map((id) => ({ queryKey: peopleKeys.detail(id), queryFn: () => fetchPerson(id) })),
  })
  const done = results.every((r) => !r.isLoading)
  const people = results.flatMap((r) => (r.data ? [r.data] : []))
  const key = people.map((p) => p.id).join(',')
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per set of loaded people
  useEffect(() => {
    if (done && people.length) onLoaded(people.map(personRecipient))
  }, [done, key])
}

/** Everyone who will not be texted, and why, shown before the send button is pressed. */
function SkipWarnings({ skips }: { skips: Skip[] }) {
  if (skips.length === 0) return null
  return (
    <div className="warning-note" role="note" data-testid="recipient-warnings">
      <p>
        <AlertTriangle size={14} aria-hidden="true" /> {plural(skips.length, 'recipient')} will be skipped:
      </p>
      <ul>
        {skips.map((s) => (
          <li key={s.recipient.key}>{s.reason}</li>
        ))}
      </ul>
    </div>
  )
}

interface SendOptions {
  subject: string
  body: string
  sendAt: string | undefined
  connectionId: string
  repliable: boolean
  attachment: Attachment | null
  /** Send a single text inside quiet hours anyway, with the reason. */
  overrideReason?: string | undefined
}

function sendOne(planned: PlannedSend, template: Template | null, options: SendOptions) {
  const { recipient, body } = planned
  if (template?.document && recipient.kind === 'person') {
    // the server fills in the text and the person's PDF, and adds its link
    return sendTemplateDocument(template.id, {
      personId: recipient.person.id,
      ...(options.subject.trim() ? { subject: options.subject.trim() } : {}),
      ...(options.sendAt ? { sendAt: options.sendAt } : {}),
      ...(options.connectionId ? { connectionId: options.connectionId } : {}),
      ...(options.repliable ? {} : { repliable: false }),
    })
  }
  // a lone recipient is always among the people filled in here
  if (body === null) throw new Error(`The text for ${recipientLabel(recipient)} is not filled in yet.`)
  const common = {
    body,
    ...(options.subject.trim() ? { subject: options.subject.trim() } : {}),
    ...(options.sendAt ? { sendAt: options.sendAt } : {}),
    ...(options.connectionId ? { connectionId: options.connectionId } : {}),
    ...(options.repliable ? {} : { repliable: false }),
    ...(recipient.kind === 'person'
      ? { personId: recipient.person.id }
      : { to: recipient.kind === 'number' ? recipient.number : '' }),
  }
  return options.attachment
    ? sendWithAttachment(options.attachment.id, common)
    : sendMessage({
        id: newUuid(),
        ...common,
        ...(options.overrideReason ? { quietHoursOverride: { reason: options.overrideReason } } : {}),
      })
}

/** Several recipients (or a group) go as one server-side bulk send: one debit, every member texted. */
function sendToSeveral(
  planned: PlannedSend[],
  groupIds: string[],
  options: SendOptions & { templateId: string | null },
) {
  const personIds = planned.flatMap((p) => (p.recipient.kind === 'person' ? [p.recipient.person.id] : []))
  const numbers = planned.flatMap((p) => (p.recipient.kind === 'number' ? [p.recipient.number] : []))
  return sendBulk({
    id: newUuid(),
    ...(personIds.length ? { personIds } : {}),
    ...(groupIds.length ? { groupIds } : {}),
    ...(numbers.length ? { numbers } : {}),
    ...(options.templateId ? { templateId: options.templateId } : { body: planned[0]?.body ?? options.body }),
    ...(options.subject.trim() ? { subject: options.subject.trim() } : {}),
    ...(options.sendAt ? { sendAt: options.sendAt } : {}),
    ...(options.connectionId ? { connectionId: options.connectionId } : {}),
    ...(options.repliable ? {} : { repliable: false }),
    ...(options.attachment ? { attachmentId: options.attachment.id } : {}),
  })
}

export function ComposePage({ me }: { me: Me }) {
  const [recipients, setRecipients] = useState<Recipient[]>([])
  const [subject, setSubject] = useState('')
  const [body, setBody] = useState('')
  const [template, setTemplate] = useState<Template | null>(null)
  const [connectionId, setConnectionId] = useState('')
  const [repliable, setRepliable] = useState(true)
  const [attachment, setAttachment] = useState<Attachment | null>(null)
  const [schedule, setSchedule] = useState<Schedule>(initialSchedule)
  const [confirming, setConfirming] = useState(false)
  const [sending, setSending] = useState(false)
  const [results, setResults] = useState<SendResult[] | null>(null)
  const [bulkResult, setBulkResult] = useState<BulkSendReply | null>(null)
  const [formError, setFormError] = useState<string | null>(null)
  const [override, setOverride] = useState<QuietHoursOverride>({ on: false, reason: '' })
  const invalidate = useInvalidateMessaging()
  usePrefilledRecipients((loaded) => setRecipients((current) => (current.length ? current : loaded)))

  const plan = useComposePlan({ recipients, body, template, withLink: Boolean(attachment) })
  const notes = useMemo(() => new Map(plan.skips.map((s) => [s.recipient.key, s.note])), [plan.skips])
  const later = schedule.later
  const bulk = can(me, 'sms.send_bulk')
  const several = plan.groups.length > 0 || plan.sends.length > 1
  const count = plan.sends.length + plan.groupMembers
  // asked of the server for exactly who will be sent to: the skipped are left out of the send
  const hold = useQuietHoursHold({
    recipients: several
      ? recipients.filter((r) => !plan.skips.some((s) => s.recipient.key === r.key))
      : plan.sends.map((s) => s.recipient),
    body: plan.sends[0]?.body ?? body.trim(),
    templateId: template?.id ?? null,
    attachmentId: attachment?.id ?? null,
    sendAt: scheduleIso(schedule),
    several,
  })
  // a text carrying a PDF link (uploaded or the template's document) is sent without an override
  const overridable = !attachment && !template?.document
  const overriding = Boolean(hold.one && overridable && override.on)
  // the server's count when it gave one (the bulk preview), else the plan's
  const credits = hold.bulkCredits ?? plan.totalCredits
  const estimated = hold.bulkCredits === null && plan.estimated
  const creditWords = `${estimated ? 'about ' : ''}${plural(credits, 'credit')}`

  const validate = (): string | null => {
    if (recipients.length === 0) return 'Add at least one recipient.'
    if (!template && !body.trim()) return 'Write the message first.'
    if (plan.pending) return 'Still checking the recipients; try again in a moment.'
    if (plan.sends.length === 0 && plan.groups.length === 0)
      return 'None of the recipients can be texted: see why above.'
    if (template?.document && attachment)
      return 'The template sends each person their own PDF: remove the attached PDF first.'
    if (plan.tooLong) return 'The message is too long for your organization’s segment limit.'
    if (overriding && !override.reason.trim())
      return 'Say why the text cannot wait for the end of quiet hours.'
    return scheduleProblem(schedule)
  }

  // Ctrl/Cmd+Enter in the message goes through the form's own checks, as the Send button does
  const form = useRef<HTMLFormElement>(null)
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const problem = validate()
    setFormError(problem)
    if (problem) return
    // one text needs no second thought; several or a skipped recipient do
    if (!several && plan.skips.length === 0) void send()
    else setConfirming(true)
  }

  const sendBulkNow = async (options: SendOptions) => {
    try {
      const sent = await sendToSeveral(
        plan.sends,
        plan.groups.map((g) => g.id),
        {
          ...options,
          templateId: template?.id ?? null,
        },
      )
      setBulkResult(sent)
      setResults(null)
      invalidate()
      showToast({
        tone: 'success',
        title: `${sent.status === 'scheduled' ? 'Scheduled' : 'Sent'} ${plural(sent.recipients, 'message')}`,
      })
      setBody('')
      setSubject('')
      setAttachment(null)
      setRecipients([])
    } catch (error) {
      setFormError(errorMessage(error))
    } finally {
      setSending(false)
      setConfirming(false)
    }
  }

  const send = async () => {
    setSending(true)
    const options = {
      subject,
      body: body.trim(),
      sendAt: scheduleIso(schedule),
      connectionId,
      repliable,
      attachment,
      overrideReason: overriding ? override.reason.trim() : undefined,
    }
    if (several) return sendBulkNow(options)
    const out: SendResult[] = []
    for (const planned of plan.sends) {
      const { recipient } = planned
      const label = recipientLabel(recipient)
      try {
        out.push({ key: recipient.key, label, message: await sendOne(planned, template, options) })
      } catch (error) {
        const code = error instanceof ApiError ? error.code : 'UNKNOWN'
        out.push({ key: recipient.key, label, error: { code, message: errorMessage(error) } })
        // with no credits left the rest would be refused the same way
        if (code === 'CREDITS_INSUFFICIENT') {
          for (const rest of plan.sends.slice(out.length)) {
            out.push({
              key: rest.recipient.key,
              label: recipientLabel(rest.recipient),
              error: { code, message: 'Not sent: credits ran out.' },
            })
          }
          break
        }
      }
    }
    setSending(false)
    setConfirming(false)
    setResults(out)
    setBulkResult(null)
    invalidate()
    const ok = out.filter((r) => r.message).length
    if (ok > 0) {
      showToast({
        tone: 'success',
        title: later ? `Scheduled ${plural(ok, 'message')}` : `Sent ${plural(ok, 'message')}`,
      })
      setBody('')
      setSubject('')
      setAttachment(null)
      setOverride({ on: false, reason: '' })
      setRecipients((current) => current.filter((r) => out.some((o) => o.key === r.key && o.error)))
    }
  }

  return (
    <div className="page page-narrow">
      <PageHeader title="New message" />
      <form ref={form} className="card compose" onSubmit={onSubmit} noValidate>
        <RecipientPicker
          recipients={recipients}
          onChange={setRecipients}
          allowGroups={bulk}
          wholeGroups
          notes={notes}
        />
        <SkipWarnings skips={plan.skips} />
        <label className="field">
          <span className="field-label">
            Subject{' '}
            <span className="muted">
              (optional
              {me.organization.settings.sendSubject
                ? ', sent before the text'
                : ', kept on the record, not sent'}
              )
            </span>
          </span>
          <input value={subject} maxLength={200} onChange={(event) => setSubject(event.target.value)} />
        </label>
        <TemplatePicker value={template?.id ?? ''} onChange={setTemplate} />
        {template ? (
          <div className="field">
            <span className="field-label">Text of “{template.name}”</span>
            <TemplateText body={template.body} />
            {template.document ? (
              <p className="muted small template-document" data-testid="template-document-note">
                <FileText size={14} aria-hidden="true" /> Each person gets their own PDF:{' '}
                {template.document.title}
              </p>
            ) : null}
            {plan.sample && (template.fields.length || template.document) ? (
              <div className="sample" data-testid="template-sample">
                <span className="muted small">
                  As {recipientLabel(plan.sample.recipient)} will read it
                  {template.document ? ' (the link is their own)' : ''}:
                </span>
                <p className="sample-body">{plan.sample.body}</p>
              </div>
            ) : null}
            {several && (template.fields.length || template.document) ? (
              <p className="muted small" data-testid="template-server-note">
                Filled in here as a sample for {TEMPLATE_SAMPLES} people at most; the server fills in each
                person's own text{template.document ? ' and PDF' : ''} when it is sent and lists anyone it
                skips.
              </p>
            ) : null}
          </div>
        ) : (
          <MessageEditor
            value={body}
            onChange={setBody}
            label="Message"
            showLabel
            minRows={5}
            maxHeight={360}
            placeholder="Hi…"
            withLink={Boolean(attachment)}
            onSubmit={() => form.current?.requestSubmit()}
          />
        )}
        <AttachmentField value={attachment} onChange={setAttachment} />
        <ConnectionPicker value={connectionId} onChange={setConnectionId} />
        <label className="checkbox">
          <input type="checkbox" checked={repliable} onChange={(e) => setRepliable(e.target.checked)} />
          Repliable
          <span className="muted">
            {repliable
              ? '(sent from the reply number)'
              : "(sent from the connection's sender name where it has one, which cannot be answered)"}
          </span>
        </label>
        <ScheduleField value={schedule} onChange={setSchedule} />
        <QuietHoursNote hold={hold} override={overridable ? override : null} onOverride={setOverride} />
        {formError ? <ErrorNote message={formError} /> : null}
        <div className="compose-footer">
          <span className="muted" data-testid="compose-summary">
            {plural(count, 'recipient')}
            {credits ? ` · ${creditWords} in total` : ''}
            {credits && estimated ? ' (estimated from the texts filled in here)' : ''}
          </span>
          <button type="submit" className="button button-primary" disabled={sending}>
            <Send size={16} aria-hidden="true" />{' '}
            {later
              ? 'Schedule'
              : overriding
                ? 'Send now anyway'
                : hold.one
                  ? 'Hold until quiet hours end'
                  : 'Send'}
          </button>
        </div>
      </form>
      {results ? <SendResults results={results} /> : null}
      {bulkResult ? <BulkResults result={bulkResult} /> : null}
      {confirming ? (
        <ConfirmDialog
          title={later ? 'Schedule this message?' : 'Send this message?'}
          message={`${later ? 'Schedule' : 'Send'} to ${plural(count, 'recipient')}${
            several ? ' as one bulk send' : ''
          } for ${creditWords}${plan.skips.length ? ` (${plural(plan.skips.length, 'recipient')} skipped)` : ''}.`}
          confirmLabel={later ? 'Schedule' : 'Send'}
          busy={sending}
          onConfirm={() => void send()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </div>
  )
}
