import { useQueries } from '@tanstack/react-query'
import { CalendarClock, Send } from 'lucide-react'
import { type FormEvent, useEffect, useMemo, useState } from 'react'
import { ApiError, errorMessage } from '../../api/client'
import { sendMessage, useInvalidateMessaging, usePreview } from '../../api/messages'
import { fetchPerson, peopleKeys } from '../../api/people'
import { can, type Me } from '../../api/session'
import { ConfirmDialog, ErrorNote } from '../../components/dialog'
import { PageHeader } from '../../components/misc'
import { showToast } from '../../components/toast'
import { useDebounced } from '../../components/use-debounced'
import { displayTimeZone, plural, wallTimeToIso } from '../../format'
import { newUuid } from '../../ids'
import { useLocation } from '../../router'
import { MessageEditor } from '../messaging/message-editor'
import {
  personRecipient,
  type Recipient,
  RecipientPicker,
  recipientLabel,
} from '../messaging/recipient-picker'
import { type SendResult, SendResults } from './send-results'

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

function nowWall(offsetMinutes: number): string {
  const date = new Date(Date.now() + offsetMinutes * 60_000)
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: displayTimeZone(),
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(date)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`
}

export function ComposePage({ me }: { me: Me }) {
  const [recipients, setRecipients] = useState<Recipient[]>([])
  const [subject, setSubject] = useState('')
  const [body, setBody] = useState('')
  const [later, setLater] = useState(false)
  const [when, setWhen] = useState(() => nowWall(60))
  const [confirming, setConfirming] = useState(false)
  const [sending, setSending] = useState(false)
  const [results, setResults] = useState<SendResult[] | null>(null)
  const [formError, setFormError] = useState<string | null>(null)
  const invalidate = useInvalidateMessaging()
  usePrefilledRecipients((loaded) => setRecipients((current) => (current.length ? current : loaded)))

  const preview = usePreview(useDebounced(body, 200))
  const reachable = recipients.filter((r) => r.kind === 'number' || r.person.mobile)
  const unreachable = recipients.filter((r) => r.kind === 'person' && !r.person.mobile)
  const totalCredits = (preview.data?.credits ?? 0) * reachable.length
  const bulk = can(me, 'sms.send_bulk')

  const validate = (): string | null => {
    if (recipients.length === 0) return 'Add at least one recipient.'
    if (reachable.length === 0) return 'None of the recipients has a mobile number.'
    if (!body.trim()) return 'Write the message first.'
    if (preview.data?.tooLong) return `The message is too long: at most ${preview.data.maxSegments} segments.`
    if (later && (!when || Date.parse(wallTimeToIso(when)) <= Date.now())) return 'Pick a time in the future.'
    return null
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const problem = validate()
    setFormError(problem)
    if (problem) return
    // one text needs no second thought; a mailshot or a skipped recipient does
    if (reachable.length === 1 && unreachable.length === 0) void send()
    else setConfirming(true)
  }

  const send = async () => {
    setSending(true)
    const sendAt = later ? wallTimeToIso(when) : undefined
    const out: SendResult[] = []
    for (const recipient of reachable) {
      const label = recipientLabel(recipient)
      try {
        const message = await sendMessage({
          id: newUuid(),
          body: body.trim(),
          ...(subject.trim() ? { subject: subject.trim() } : {}),
          ...(sendAt ? { sendAt } : {}),
          ...(recipient.kind === 'person' ? { personId: recipient.person.id } : { to: recipient.number }),
        })
        out.push({ key: recipient.key, label, message })
      } catch (error) {
        const code = error instanceof ApiError ? error.code : 'UNKNOWN'
        out.push({ key: recipient.key, label, error: { code, message: errorMessage(error) } })
        // with no credits left the rest would be refused the same way
        if (code === 'CREDITS_INSUFFICIENT') {
          for (const rest of reachable.slice(out.length)) {
            out.push({
              key: rest.key,
              label: recipientLabel(rest),
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
    invalidate()
    const ok = out.filter((r) => r.message).length
    if (ok > 0) {
      showToast({
        tone: 'success',
        title: later ? `Scheduled ${plural(ok, 'message')}` : `Sent ${plural(ok, 'message')}`,
      })
      setBody('')
      setSubject('')
      setRecipients((current) => current.filter((r) => out.some((o) => o.key === r.key && o.error)))
    }
  }

  return (
    <div className="page page-narrow">
      <PageHeader title="New message" />
      <form className="card compose" onSubmit={onSubmit} noValidate>
        <RecipientPicker recipients={recipients} onChange={setRecipients} allowGroups={bulk} />
        {unreachable.length > 0 ? (
          <p className="warning-note" role="note">
            {plural(unreachable.length, 'recipient')} {unreachable.length === 1 ? 'has' : 'have'} no mobile
            number and will be skipped: {unreachable.map(recipientLabel).join(', ')}.
          </p>
        ) : null}
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
        <MessageEditor
          value={body}
          onChange={setBody}
          label="Message"
          showLabel
          minRows={5}
          maxHeight={360}
          placeholder="Hi {first name}…"
        />
        <fieldset className="schedule">
          <legend className="visually-hidden">When</legend>
          <label className="checkbox">
            <input type="checkbox" checked={later} onChange={(event) => setLater(event.target.checked)} />
            <CalendarClock size={16} aria-hidden="true" /> Send later
          </label>
          {later ? (
            <label className="field inline-field">
              <span className="field-label">Date and time ({displayTimeZone()})</span>
              <input
                type="datetime-local"
                value={when}
                min={nowWall(1)}
                onChange={(event) => setWhen(event.target.value)}
                required
              />
            </label>
          ) : null}
        </fieldset>
        {formError ? <ErrorNote message={formError} /> : null}
        <div className="compose-footer">
          <span className="muted" data-testid="compose-summary">
            {plural(reachable.length, 'recipient')}
            {preview.data && body ? ` · ${plural(totalCredits, 'credit')} in total` : ''}
          </span>
          <button type="submit" className="button button-primary" disabled={sending}>
            <Send size={16} aria-hidden="true" /> {later ? 'Schedule' : 'Send'}
          </button>
        </div>
      </form>
      {results ? <SendResults results={results} /> : null}
      {confirming ? (
        <ConfirmDialog
          title={later ? 'Schedule this message?' : 'Send this message?'}
          message={`${later ? 'Schedule' : 'Send'} to ${plural(reachable.length, 'recipient')} for ${plural(totalCredits, 'credit')}${
            unreachable.length ? ` (${unreachable.length} without a mobile skipped)` : ''
          }.`}
          confirmLabel={later ? 'Schedule' : 'Send'}
          busy={sending}
          onConfirm={() => void send()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </div>
  )
}
