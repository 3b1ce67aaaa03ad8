import { Forward, Pencil, RotateCcw, Trash2 } from 'lucide-react'
import { type FormEvent, useState } from 'react'
import { ApiError, errorMessage } from '../../api/client'
import {
  type ForwardingRule,
  useForwardingNumbers,
  useForwardingRules,
  useRemoveForwardingRule,
  useRetryEmail,
  useSaveForwardingRule,
  useUnsentEmails,
} from '../../api/forwarding'
import { ErrorNote } from '../../components/dialog'

type Field = 'number' | 'emails' | 'mobile' | 'form'

/** The field a refusal names: its message starts with it ("emails[1]: ...", "mobile: ..."). */
function fieldOf(error: unknown): Field {
  if (!(error instanceof ApiError)) return 'form'
  const named = /^(number|emails|mobile)\b/.exec(error.message)?.[1]
  if (error.message.startsWith('emails or mobile')) return 'emails'
  return (named as Field | undefined) ?? 'form'
}

function RuleForm({ editing, onDone }: { editing: ForwardingRule | null; onDone: () => void }) {
  const numbers = useForwardingNumbers()
  const save = useSaveForwardingRule()
  const [number, setNumber] = useState(editing?.number ?? '')
  const [emails, setEmails] = useState(editing?.emails.join(', ') ?? '')
  const [mobile, setMobile] = useState(editing?.mobile ?? '')
  const failed = save.error ? fieldOf(save.error) : null
  const note = (field: Field) =>
    failed === field && save.error ? <ErrorNote message={errorMessage(save.error)} /> : null
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate(
      {
        id: editing?.id ?? null,
        input: {
          number,
          emails: emails
            .split(/[,;\s]+/)
            .map((e) => e.trim())
            .filter(Boolean),
          mobile: mobile.trim() || null,
        },
      },
      {
        onSuccess: () => {
          setNumber('')
          setEmails('')
          setMobile('')
          onDone()
        },
      },
    )
  }
  return (
    <form
      className="inline-form"
      onSubmit={submit}
      aria-label={editing ? `Change the rule for ${editing.number}` : 'Add a forwarding rule'}
    >
      <label className="field">
        <span className="field-label">Number</span>
        <select
          value={number}
          required
          aria-invalid={failed === 'number'}
          onChange={(e) => setNumber(e.target.value)}
        >
          <option value="">Choose…</option>
          {numbers.data?.items.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        {note('number')}
      </label>
      <label className="field">
        <span className="field-label">E-mail addresses</span>
        <input
          value={emails}
          placeholder="office2@example.com"
          aria-invalid={failed === 'emails'}
          onChange={(e) => setEmails(e.target.value)}
        />
        {note('emails')}
      </label>
      <label className="field">
        <span className="field-label">Mobile</span>
        <input
          value={mobile}
          placeholder="+447911123456"
          aria-invalid={failed === 'mobile'}
          onChange={(e) => setMobile(e.target.value)}
        />
        {note('mobile')}
      </label>
      <button type="submit" className="button" disabled={save.isPending || !number}>
        {editing ? 'Save rule' : 'Add rule'}
      </button>
      {editing ? (
        <button type="button" className="button secondary" onClick={onDone}>
          Cancel
        </button>
      ) : null}
      {note('form')}
    </form>
  )
}

function describe(rule: ForwardingRule): string {
  return [...rule.emails, ...(rule.mobile ? [`text to ${rule.mobile}`] : [])].join(', ')
}

/** E-mails not sent yet (waiting, or given up on after the last attempt), each with its reason. */
function UnsentEmails() {
  const emails = useUnsentEmails()
  const retry = useRetryEmail()
  const items = emails.data ?? []
  return (
    <section className="card" aria-labelledby="emails-title">
      <h2 id="emails-title">E-mails not sent</h2>
      {emails.error ? <ErrorNote message={errorMessage(emails.error)} /> : null}
      {items.length ? (
        <ul className="simple-list" data-testid="unsent-emails">
          {items.map((e) => (
            <li key={e.id}>
              <span>
                <strong>{e.status === 'failed' ? 'Failed' : 'Waiting'}</strong> {e.to}: {e.subject}
                {e.lastError ? <span className="muted small"> — {e.lastError}</span> : null}
              </span>
              {e.status === 'failed' ? (
                <button
                  type="button"
                  className="icon-button push-right"
                  aria-label={`Retry the e-mail to ${e.to}`}
                  disabled={retry.isPending}
                  onClick={() => retry.mutate(e.id)}
                >
                  <RotateCcw size={16} aria-hidden="true" />
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Every e-mail has been sent.</p>
      )}
      {retry.error ? <ErrorNote message={errorMessage(retry.error)} /> : null}
    </section>
  )
}

/** Texts received on a number also go to e-mail addresses and/or a mobile. */
export function ForwardingSettings() {
  const rules = useForwardingRules()
  const remove = useRemoveForwardingRule()
  const [editing, setEditing] = useState<ForwardingRule | null>(null)
  const items = rules.data?.items ?? []
  return (
    <>
      <section className="card" aria-labelledby="forwarding-title">
        <h2 id="forwarding-title">Forwarding rules</h2>
        <p className="muted small">
          Texts received on a number are also sent to these e-mail addresses and/or texted to a mobile.
        </p>
        {rules.error ? <ErrorNote message={errorMessage(rules.error)} /> : null}
        {items.length ? (
          <ul className="simple-list" data-testid="forwarding-rules">
            {items.map((r) => (
              <li key={r.id}>
                <Forward size={16} aria-hidden="true" />
                <span>
                  <strong>{r.number}</strong> → {describe(r)}
                </span>
                <button
                  type="button"
                  className="icon-button push-right"
                  aria-label={`Change the rule for ${r.number}`}
                  onClick={() => setEditing(r)}
                >
                  <Pencil size={16} aria-hidden="true" />
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove the rule for ${r.number}`}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(r.id)}
                >
                  <Trash2 size={16} aria-hidden="true" />
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No rules: received texts stay in the inbox only.</p>
        )}
        {remove.error ? <ErrorNote message={errorMessage(remove.error)} /> : null}
        <RuleForm key={editing?.id ?? 'new'} editing={editing} onDone={() => setEditing(null)} />
      </section>
      <UnsentEmails />
    </>
  )
}
