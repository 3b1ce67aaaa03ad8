import { AlertTriangle, CheckCircle2 } from 'lucide-react'
import { type FormEvent, useState } from 'react'
import { ApiError, errorMessage } from '../../api/client'
import { can, type Me } from '../../api/session'
import {
  CATEGORIES,
  CATEGORY_LABELS,
  problemPosition,
  problemsOf,
  type Template,
  type TemplateCategory,
  type TemplateProblem,
  useSaveTemplate,
  useTemplateCheck,
} from '../../api/templates'
import { Dialog, ErrorNote } from '../../components/dialog'
import { useDebounced } from '../../components/use-debounced'
import { MessageEditor } from '../messaging/message-editor'

/** Categories that may not go by SMS unless someone with settings.manage says so (SMS_BLOCKED_BY_DEFAULT). */
const BLOCKED_BY_DEFAULT: readonly TemplateCategory[] = ['rejection']

export function ProblemList({ problems, testId }: { problems: TemplateProblem[]; testId: string }) {
  return (
    <ul className="problem-list" role="alert" data-testid={testId}>
      {problems.map((p) => (
        <li key={`${p.line}:${p.column}:${p.message}`}>
          <AlertTriangle size={14} aria-hidden="true" />
          {problemPosition(p) ? <strong>{problemPosition(p)}:</strong> : null} {p.message}
        </li>
      ))}
    </ul>
  )
}

/** The fields a text uses and its problems, checked as it is typed. */
function LiveCheck({ body }: { body: string }) {
  const debounced = useDebounced(body, 300)
  const check = useTemplateCheck(debounced)
  if (!body.trim() || !check.data) return null
  if (!check.data.valid) return <ProblemList problems={check.data.problems} testId="template-problems" />
  return (
    <p className="field-help check-ok" data-testid="template-check">
      <CheckCircle2 size={14} aria-hidden="true" />{' '}
      {check.data.fields.length
        ? `Merge fields: ${check.data.fields.map((f) => `{{ ${f} }}`).join(', ')}`
        : 'No merge fields: everyone gets the same text.'}
    </p>
  )
}

/** Create or edit a template: name, category, the "may go by SMS" flag and the Liquid text. */
export function TemplateDialog({
  me,
  template,
  onClose,
}: {
  me: Me
  template: Template | null
  onClose: () => void
}) {
  const [name, setName] = useState(template?.name ?? '')
  const [category, setCategory] = useState<TemplateCategory>(template?.category ?? 'general')
  const [body, setBody] = useState(template?.body ?? '')
  const [smsAllowed, setSmsAllowed] = useState(template?.smsAllowed ?? true)
  const [hasDocument, setHasDocument] = useState(Boolean(template?.document))
  const [docTitle, setDocTitle] = useState(template?.document?.title ?? '')
  const [docBody, setDocBody] = useState(template?.document?.body ?? '')
  const save = useSaveTemplate()
  const blocked = BLOCKED_BY_DEFAULT.includes(category)
  // turning SMS on for a blocked category is an admin's call
  const mayAllow = !blocked || can(me, 'settings.manage')
  const refusedProblems = save.error instanceof ApiError ? problemsOf(save.error.details) : []

  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate(
      {
        id: template?.id ?? null,
        name: name.trim(),
        category,
        body,
        smsAllowed,
        document: hasDocument ? { title: docTitle, body: docBody } : null,
      },
      { onSuccess: onClose },
    )
  }
  return (
    <Dialog
      title={template ? `Edit “${template.name}”` : 'New template'}
      onClose={onClose}
      size="large"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="template-form"
            className="button button-primary"
            disabled={save.isPending}
          >
            {save.isPending ? 'Saving…' : 'Save template'}
          </button>
        </>
      }
    >
      <form id="template-form" className="settings-form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <label className="field">
            <span className="field-label">Name</span>
            <input value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            <span className="field-label">Category</span>
            <select
              value={category}
              onChange={(e) => {
                const next = e.target.value as TemplateCategory
                setCategory(next)
                if (!template) setSmsAllowed(!BLOCKED_BY_DEFAULT.includes(next))
              }}
            >
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {CATEGORY_LABELS[c]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={smsAllowed}
            disabled={!mayAllow && !smsAllowed}
            onChange={(e) => setSmsAllowed(e.target.checked)}
          />
          May go by SMS
        </label>
        {blocked ? (
          <p className="field-help">
            {CATEGORY_LABELS[category]} templates may not go by SMS unless an admin allows it
            {mayAllow ? '.' : '; you can keep it for other channels.'}
          </p>
        ) : null}
        <MessageEditor
          value={body}
          onChange={setBody}
          label="Text"
          showLabel
          minRows={5}
          maxHeight={320}
          placeholder="Hi {{ person.first_name }}, …"
        />
        <LiveCheck body={body} />
        <p className="field-help">
          Merge fields: <code>{'{{ person.first_name }}'}</code>, <code>{'{{ person.custom.city }}'}</code>,{' '}
          <code>{'{{ job.title }}'}</code>, <code>{'{{ user.name }}'}</code>,{' '}
          <code>{'{{ interview.link }}'}</code>… An empty field can fall back:{' '}
          <code>{'{{ person.first_name | default: "there" }}'}</code>.
        </p>
        <fieldset className="fieldset" data-testid="template-document">
          <legend>Document</legend>
          <label className="checkbox">
            <input type="checkbox" checked={hasDocument} onChange={(e) => setHasDocument(e.target.checked)} />
            Send a PDF made for each recipient, as their own download link
          </label>
          {hasDocument ? (
            <>
              <label className="field">
                <span className="field-label">Document title</span>
                <input
                  value={docTitle}
                  maxLength={200}
                  placeholder="Contract for {{ person.full_name }}"
                  onChange={(e) => setDocTitle(e.target.value)}
                />
              </label>
              <MessageEditor
                value={docBody}
                onChange={setDocBody}
                label="Document text"
                showLabel
                minRows={6}
                maxHeight={360}
                placeholder="Dear {{ person.first_name }}, …"
              />
              <p className="field-help">
                The same merge fields as the text; a blank line starts a new paragraph. The PDF uses a
                standard font: Western European letters only (no emoji or Asian scripts). The link is the
                text's last line and counts in its length.
              </p>
            </>
          ) : null}
        </fieldset>
        {save.error ? (
          refusedProblems.length ? (
            <ProblemList problems={refusedProblems} testId="template-refusal" />
          ) : (
            <ErrorNote message={errorMessage(save.error)} />
          )
        ) : null}
      </form>
    </Dialog>
  )
}
