import { Plus, X } from 'lucide-react'
import { type FormEvent, useState } from 'react'
import { errorMessage } from '../../api/client'
import { useInviteToInterview, useJobs } from '../../api/interviews'
import { displayName, type Person } from '../../api/people'
import { useRecordsById } from '../../api/records'
import { useTemplates } from '../../api/templates'
import { Dialog, ErrorNote } from '../../components/dialog'
import { showToast } from '../../components/toast'
import { displayTimeZone, wallTimeFromNow, wallTimeToIso } from '../../format'
import { ConnectionPicker } from '../messaging/connection-picker'
import { MessageEditor } from '../messaging/message-editor'

const DEFAULT_TEXT =
  'Hi {{ person.first_name }}, you are invited to {{ interview.title }}. Choose the time that suits you: {{ interview.link }}'

/** Tomorrow at a round hour, as a first proposal. */
function firstSlot(): string {
  return `${wallTimeFromNow(24 * 60).slice(0, 11)}10:00`
}

/** Invite a candidate to an interview by SMS: times to choose from and a link to answer. */
export function InterviewDialog({ person, onClose }: { person: Person; onClose: () => void }) {
  const jobs = useJobs()
  // several jobs share a title ("Backend Developer" at three clients): each is named with its company
  const companies = useRecordsById(
    'companies',
    (jobs.data?.items ?? []).map((j) => j.companyId),
  )
  const jobLabel = (job: { title: string; companyId: string | null }) => {
    const company = job.companyId ? companies.get(job.companyId)?.name : undefined
    return company ? `${job.title} — ${company}` : job.title
  }
  const templates = useTemplates({ smsOnly: true })
  const invitations = (templates.data?.items ?? []).filter((t) => t.category === 'interview_invitation')
  const invite = useInviteToInterview()
  const [jobId, setJobId] = useState('')
  const [title, setTitle] = useState('')
  const [location, setLocation] = useState('')
  const [duration, setDuration] = useState('30')
  const [slots, setSlots] = useState<string[]>(() => [firstSlot()])
  const [templateId, setTemplateId] = useState('')
  const [body, setBody] = useState(DEFAULT_TEXT)
  const [connectionId, setConnectionId] = useState('')
  const [problem, setProblem] = useState<string | null>(null)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const times = slots.filter(Boolean).map(wallTimeToIso)
    if (times.length === 0) return setProblem('Propose at least one time.')
    if (times.some((t) => !t || Date.parse(t) <= Date.now()))
      return setProblem('Every time must be in the future.')
    if (!templateId && !body.includes('interview.link'))
      return setProblem('The text must contain {{ interview.link }} so the candidate can answer.')
    setProblem(null)
    invite.mutate(
      {
        personId: person.id,
        durationMinutes: Number(duration) || 30,
        slots: times,
        ...(jobId ? { jobId } : {}),
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(location.trim() ? { location: location.trim() } : {}),
        ...(templateId ? { templateId } : { body }),
        ...(connectionId ? { connectionId } : {}),
      },
      {
        onSuccess: () => {
          showToast({ tone: 'success', title: `Invitation sent to ${displayName(person)}` })
          onClose()
        },
      },
    )
  }
  return (
    <Dialog
      title={`Invite ${displayName(person)} to an interview`}
      onClose={onClose}
      size="large"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="interview-form"
            className="button button-primary"
            disabled={invite.isPending}
          >
            {invite.isPending ? 'Sending…' : 'Send invitation'}
          </button>
        </>
      }
    >
      <form id="interview-form" className="settings-form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <label className="field">
            <span className="field-label">Job (optional)</span>
            <select value={jobId} onChange={(e) => setJobId(e.target.value)}>
              <option value="">None</option>
              {jobs.data?.items.map((j) => (
                <option key={j.id} value={j.id}>
                  {jobLabel(j)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Title (optional)</span>
            <input
              value={title}
              maxLength={200}
              placeholder="Interview: the job's title"
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field-label">Where (optional)</span>
            <input value={location} maxLength={300} onChange={(e) => setLocation(e.target.value)} />
          </label>
          <label className="field">
            <span className="field-label">Minutes</span>
            <input
              type="number"
              min={5}
              max={480}
              value={duration}
              onChange={(e) => setDuration(e.target.value)}
            />
          </label>
        </div>
        <fieldset className="fieldset">
          <legend>Times to choose from ({displayTimeZone()})</legend>
          {slots.map((slot, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the slots are edited in place, by position
            <div key={index} className="form-row">
              <label className="field grow">
                <span className="visually-hidden">Time {index + 1}</span>
                <input
                  type="datetime-local"
                  value={slot}
                  min={wallTimeFromNow(1)}
                  onChange={(e) => setSlots(slots.map((s, i) => (i === index ? e.target.value : s)))}
                />
              </label>
              {slots.length > 1 ? (
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove time ${index + 1}`}
                  onClick={() => setSlots(slots.filter((_, i) => i !== index))}
                >
                  <X size={16} aria-hidden="true" />
                </button>
              ) : null}
            </div>
          ))}
          {slots.length < 10 ? (
            <button
              type="button"
              className="button button-small attach-button"
              onClick={() => setSlots([...slots, ''])}
            >
              <Plus size={14} aria-hidden="true" /> Another time
            </button>
          ) : null}
        </fieldset>
        {invitations.length ? (
          <label className="field">
            <span className="field-label">Template</span>
            <select value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
              <option value="">No template: write the text</option>
              {invitations.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {templateId ? null : (
          <MessageEditor value={body} onChange={setBody} label="Text" showLabel minRows={3} maxHeight={200} />
        )}
        <ConnectionPicker value={connectionId} onChange={setConnectionId} />
        {problem ? <ErrorNote message={problem} /> : null}
        {invite.error ? <ErrorNote message={errorMessage(invite.error)} /> : null}
      </form>
    </Dialog>
  )
}
