import { FileText, Search } from 'lucide-react'
import { useMemo, useState } from 'react'
import { type Attachment, useAttachmentList } from '../../api/attachments'
import { errorMessage } from '../../api/client'
import { Dialog, ErrorNote } from '../../components/dialog'
import { EmptyState, Spinner } from '../../components/misc'
import { useDebounced } from '../../components/use-debounced'
import { formatDateTime, formatSize, plural } from '../../format'

/** A dialog listing the organization's uploaded PDFs (newest first, found by name) to attach one again. */
export function UploadedPdfPicker({
  onPick,
  onClose,
}: {
  onPick: (attachment: Attachment) => void
  onClose: () => void
}) {
  const [text, setText] = useState('')
  const q = useDebounced(text.trim(), 200)
  const list = useAttachmentList(q)
  const files = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data])
  return (
    <Dialog title="Choose an uploaded PDF" onClose={onClose}>
      <label className="search-field">
        <Search size={16} aria-hidden="true" />
        <span className="visually-hidden">Find a PDF by name</span>
        <input
          type="search"
          placeholder="File name"
          value={text}
          onChange={(e) => setText(e.target.value)}
          // the dialog sits inside the compose form: Enter here must not send the message
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.preventDefault()
          }}
          autoFocus
        />
      </label>
      {list.error ? <ErrorNote message={errorMessage(list.error)} /> : null}
      {list.isLoading ? (
        <div className="centered">
          <Spinner label="Loading the uploaded PDFs" />
        </div>
      ) : files.length === 0 ? (
        <EmptyState icon={FileText} title={q ? `No PDF named like “${q}”` : 'No PDFs uploaded yet'} />
      ) : (
        <ul className="pdf-list" aria-label="Uploaded PDFs">
          {files.map((file) => (
            <li key={file.id}>
              <button
                type="button"
                className="pdf-option"
                onClick={() => onPick(file)}
                aria-label={`Attach ${file.fileName}`}
              >
                <FileText size={18} aria-hidden="true" />
                <span className="pdf-option-text">
                  <strong>{file.fileName}</strong>
                  <span className="muted small block">
                    {formatSize(file.sizeBytes)} · uploaded {formatDateTime(file.createdAt)}
                    {file.links.links ? ` · sent ${plural(file.links.links, 'time')}` : ''}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage ? (
        <div className="centered">
          <button
            type="button"
            className="button button-small"
            disabled={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </Dialog>
  )
}
