import { FileText } from 'lucide-react'
import { CATEGORY_LABELS, type Template, useTemplates } from '../../api/templates'

/** A template chosen from those that may go by SMS, or none to write the text by hand. */
export function TemplatePicker({
  value,
  onChange,
}: {
  value: string
  onChange: (template: Template | null) => void
}) {
  const templates = useTemplates({ smsOnly: true })
  const items = templates.data?.items ?? []
  if (items.length === 0) return null
  return (
    <label className="field">
      <span className="field-label">Template</span>
      <select
        value={value}
        onChange={(event) => onChange(items.find((t) => t.id === event.target.value) ?? null)}
      >
        <option value="">No template: write the text</option>
        {items.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({CATEGORY_LABELS[t.category]}){t.document ? ' · with a PDF document' : ''}
          </option>
        ))}
      </select>
    </label>
  )
}

/** A template's text with its merge fields marked, as it is before it is filled in. */
export function TemplateText({ body }: { body: string }) {
  const parts = body.split(/({{[^}]*}}|{%[^%]*%})/g)
  return (
    <div className="template-text" data-testid="template-text">
      <FileText size={16} aria-hidden="true" />
      <p>
        {parts.map((part, index) =>
          // odd indexes are the captured merge fields and tags
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one string have no other identity
          index % 2 === 1 ? <code key={index}>{part}</code> : <span key={index}>{part}</span>,
        )}
      </p>
    </div>
  )
}
