import { Eye, FileText, Pencil, Plus, Trash2 } from 'lucide-react'
import { useState } from 'react'
import { errorMessage } from '../../api/client'
import { displayName } from '../../api/people'
import { can, type Me } from '../../api/session'
import {
  CATEGORY_LABELS,
  type Template,
  useDeleteTemplate,
  useTemplateRender,
  useTemplates,
} from '../../api/templates'
import { ConfirmDialog, Dialog, ErrorNote } from '../../components/dialog'
import { EmptyState, PageHeader, Spinner } from '../../components/misc'
import { formatListTime, plural } from '../../format'
import { type Recipient, RecipientPicker } from '../messaging/recipient-picker'
import { TemplateText } from '../messaging/template-picker'
import { TemplateDialog } from './template-dialog'

/** A template filled in for a person picked by name: the text, its cost and the empty fields. */
function PreviewDialog({ template, onClose }: { template: Template; onClose: () => void }) {
  const [recipients, setRecipients] = useState<Recipient[]>([])
  const person = recipients.flatMap((r) => (r.kind === 'person' ? [r.person] : [])).at(-1) ?? null
  const render = useTemplateRender(template.id, person?.id ?? null)
  return (
    <Dialog title={`Preview “${template.name}”`} onClose={onClose} size="medium">
      <div className="settings-form">
        <TemplateText body={template.body} />
        <RecipientPicker
          recipients={recipients}
          onChange={(next) => setRecipients(next.slice(-1))}
          allowGroups={false}
          label="Fill it in for"
          placeholder="A person's name"
        />
        {render.error ? <ErrorNote message={errorMessage(render.error)} /> : null}
        {render.isFetching && !render.data ? <Spinner label="Filling in the template" /> : null}
        {person && render.data ? (
          <div className="sample" data-testid="template-render">
            <div className="sample-who">
              <strong>{displayName(person)}</strong>
            </div>
            <p className="sample-body">{render.data.body}</p>
            <span className="muted small">
              {plural(render.data.segments, 'segment')} · {render.data.encoding} ·{' '}
              {plural(render.data.credits, 'credit')}
            </span>
            {render.data.hasDocument ? (
              <p className="field-help" data-testid="template-document-note">
                <FileText size={14} aria-hidden="true" /> Sent with a PDF made for {displayName(person)}, as
                their own download link on the last line (counted above).
              </p>
            ) : null}
            {render.data.missingFields.length ? (
              <p className="warning-note">
                Empty for {displayName(person)}: {render.data.missingFields.join(', ')}. Fill them in on the
                record or give a fallback with <code>| default: "…"</code>; a mailshot skips such people.
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
    </Dialog>
  )
}

/** SMS templates with merge fields, by name; anyone who may send can add and change them. */
export function TemplatesPage({ me }: { me: Me }) {
  const templates = useTemplates()
  const remove = useDeleteTemplate()
  const [editing, setEditing] = useState<Template | 'new' | null>(null)
  const [previewing, setPreviewing] = useState<Template | null>(null)
  const [deleting, setDeleting] = useState<Template | null>(null)
  const mayEdit = can(me, 'sms.send')
  const items = templates.data?.items ?? []
  return (
    <div className="page">
      <PageHeader title="Templates">
        {mayEdit ? (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            <Plus size={16} aria-hidden="true" /> New template
          </button>
        ) : null}
      </PageHeader>
      {templates.error ? <ErrorNote message={errorMessage(templates.error)} /> : null}
      {templates.isLoading ? (
        <div className="centered">
          <Spinner label="Loading templates" />
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={FileText} title="No templates yet">
          Write a text once with merge fields such as {'{{ person.first_name }}'} and use it in messages and
          mailshots.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="template-list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="hide-narrow">
                  Category
                </th>
                <th scope="col">SMS</th>
                <th scope="col" className="hide-narrow">
                  Text
                </th>
                <th scope="col" className="num hide-narrow">
                  Changed
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => (
                <tr key={t.id} data-testid="template-row">
                  <td>
                    <strong>{t.name}</strong>
                    {t.fields.length ? (
                      <span className="muted small block">{plural(t.fields.length, 'merge field')}</span>
                    ) : null}
                  </td>
                  <td className="hide-narrow">
                    <span className="badge badge-quiet">{CATEGORY_LABELS[t.category]}</span>
                  </td>
                  <td>
                    {t.smsAllowed ? (
                      <span className="badge badge-ok">Allowed</span>
                    ) : (
                      <span className="badge badge-danger badge-plain">Not by SMS</span>
                    )}
                  </td>
                  <td className="hide-narrow template-excerpt">{t.body}</td>
                  <td className="num hide-narrow">{formatListTime(t.updatedAt)}</td>
                  <td className="num">
                    <span className="row-actions">
                      <button
                        type="button"
                        className="icon-button"
                        aria-label={`Preview ${t.name}`}
                        onClick={() => setPreviewing(t)}
                      >
                        <Eye size={16} aria-hidden="true" />
                      </button>
                      {mayEdit ? (
                        <>
                          <button
                            type="button"
                            className="icon-button"
                            aria-label={`Edit ${t.name}`}
                            onClick={() => setEditing(t)}
                          >
                            <Pencil size={16} aria-hidden="true" />
                          </button>
                          <button
                            type="button"
                            className="icon-button"
                            aria-label={`Delete ${t.name}`}
                            onClick={() => setDeleting(t)}
                          >
                            <Trash2 size={16} aria-hidden="true" />
                          </button>
                        </>
                      ) : null}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing ? (
        <TemplateDialog
          me={me}
          template={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {previewing ? <PreviewDialog template={previewing} onClose={() => setPreviewing(null)} /> : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          message="Messages already sent with it keep their text; drafts that use it will need another."
          confirmLabel="Delete"
          tone="danger"
          busy={remove.isPending}
          error={remove.error ? errorMessage(remove.error) : null}
          onConfirm={() => remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
          onCancel={() => setDeleting(null)}
        />
      ) : null}
    </div>
  )
}
