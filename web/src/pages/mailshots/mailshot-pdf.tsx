import { FileText } from 'lucide-react'
import { useAttachment } from '../../api/attachments'
import { errorMessage } from '../../api/client'
import { formatSize, plural } from '../../format'

/** The PDF a mailshot carries: every recipient's text ends with a download link of their own. */
export function MailshotPdf({ attachmentId }: { attachmentId: string }) {
  const file = useAttachment(attachmentId)
  if (file.error) return <p className="muted small">PDF: {errorMessage(file.error)}</p>
  if (!file.data) return null
  const { fileName, sizeBytes, links } = file.data
  return (
    <div className="attachment" data-testid="mailshot-pdf">
      <FileText size={18} aria-hidden="true" />
      <span>
        <strong>{fileName}</strong> <span className="muted small">({formatSize(sizeBytes)})</span>
        <span className="muted small block">
          Each recipient gets a download link of their own
          {links.links ? `: ${plural(links.opened, 'link')} of ${links.links.toLocaleString()} opened` : '.'}
        </span>
      </span>
    </div>
  )
}
