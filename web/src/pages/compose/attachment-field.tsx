import { FileText, FolderOpen, Paperclip, X } from 'lucide-react'
import { type ChangeEvent, useId, useState } from 'react'
import { type Attachment, MAX_ATTACHMENT_BYTES, useUploadAttachment } from '../../api/attachments'
import { errorMessage } from '../../api/client'
import { ErrorNote } from '../../components/dialog'
import { formatSize } from '../../format'
import { UploadedPdfPicker } from './uploaded-pdf-picker'

/**
 * One PDF for the recipients to download: uploaded at once, or one uploaded before chosen from the
 * list; each text then carries a link of its own, which the counter includes.
 */
export function AttachmentField({
  value,
  onChange,
}: {
  value: Attachment | null
  onChange: (attachment: Attachment | null) => void
}) {
  const inputId = useId()
  const upload = useUploadAttachment()
  const [tooLarge, setTooLarge] = useState<string | null>(null)
  const [picking, setPicking] = useState(false)
  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    upload.reset()
    setTooLarge(
      file.size > MAX_ATTACHMENT_BYTES
        ? `${file.name} is ${formatSize(file.size)}; a PDF may be ${formatSize(MAX_ATTACHMENT_BYTES)} at most.`
        : null,
    )
    if (file.size <= MAX_ATTACHMENT_BYTES) upload.mutate(file, { onSuccess: onChange })
  }
  if (value) {
    return (
      <div className="attachment" data-testid="attachment">
        <FileText size={18} aria-hidden="true" />
        <span>
          <strong>{value.fileName}</strong>{' '}
          <span className="muted small">({formatSize(value.sizeBytes)})</span>
          <span className="muted small block">Each recipient gets a download link added to the text.</span>
        </span>
        <button
          type="button"
          className="icon-button push-right"
          aria-label={`Remove ${value.fileName}`}
          onClick={() => onChange(null)}
        >
          <X size={16} aria-hidden="true" />
        </button>
      </div>
    )
  }
  return (
    <div className="field">
      <div className="attach-actions">
        <label htmlFor={inputId} className="attach-button button button-small">
          <Paperclip size={14} aria-hidden="true" /> {upload.isPending ? 'Uploading…' : 'Attach a PDF'}
        </label>
        <button type="button" className="button button-small" onClick={() => setPicking(true)}>
          <FolderOpen size={14} aria-hidden="true" /> Choose an uploaded PDF
        </button>
      </div>
      <input
        id={inputId}
        className="visually-hidden"
        type="file"
        accept="application/pdf,.pdf"
        disabled={upload.isPending}
        onChange={choose}
      />
      {tooLarge ? <ErrorNote message={tooLarge} /> : null}
      {upload.error ? <ErrorNote message={errorMessage(upload.error)} /> : null}
      {picking ? (
        <UploadedPdfPicker
          onClose={() => setPicking(false)}
          onPick={(attachment) => {
            setPicking(false)
            setTooLarge(null)
            upload.reset()
            onChange(attachment)
          }}
        />
      ) : null}
    </div>
  )
}
