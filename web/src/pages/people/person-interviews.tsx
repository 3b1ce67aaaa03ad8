import { CalendarCheck, CalendarClock, CalendarPlus, CalendarX } from 'lucide-react'
import { useState } from 'react'
import { errorMessage } from '../../api/client'
import { type Interview, useCancelInterview, usePersonInterviews } from '../../api/interviews'
import type { Person } from '../../api/people'
import { can, type Me } from '../../api/session'
import { ErrorNote } from '../../components/dialog'
import { formatDateTime } from '../../format'
import { InterviewDialog } from './interview-dialog'

function InterviewState({ interview }: { interview: Interview }) {
  const confirmed = interview.slots.find((s) => s.id === interview.confirmedSlotId)
  switch (interview.status) {
    case 'confirmed':
      return (
        <span className="status status-ok" data-testid="interview-state">
          <CalendarCheck size={14} aria-hidden="true" /> Confirmed for{' '}
          {confirmed ? formatDateTime(confirmed.startsAt) : 'a time'}
        </span>
      )
    case 'change_requested':
      return (
        <span className="status status-warn" data-testid="interview-state">
          <CalendarClock size={14} aria-hidden="true" /> Asked for another time
          {interview.answerNote ? `: “${interview.answerNote}”` : ''}
        </span>
      )
    case 'cancelled':
      return (
        <span className="status status-muted" data-testid="interview-state">
          <CalendarX size={14} aria-hidden="true" /> Cancelled
        </span>
      )
    default:
      return (
        <span className="status status-muted" data-testid="interview-state">
          <CalendarClock size={14} aria-hidden="true" /> Invited, no answer yet
        </span>
      )
  }
}

/** The person's interview invitations, their answer, and a new invitation. */
export function PersonInterviews({ me, person }: { me: Me; person: Person }) {
  const interviews = usePersonInterviews(person.id)
  const cancel = useCancelInterview()
  const [inviting, setInviting] = useState(false)
  const items = interviews.data?.items ?? []
  const maySend = can(me, 'sms.send') && Boolean(person.mobile)
  return (
    <section className="card" aria-labelledby="interviews-title">
      <header className="card-header">
        <h2 id="interviews-title">Interviews</h2>
        {maySend ? (
          <button type="button" className="button" onClick={() => setInviting(true)}>
            <CalendarPlus size={16} aria-hidden="true" /> Invite to interview
          </button>
        ) : null}
      </header>
      {interviews.error ? <ErrorNote message={errorMessage(interviews.error)} /> : null}
      {cancel.error ? <ErrorNote message={errorMessage(cancel.error)} /> : null}
      {items.length === 0 ? (
        <p className="muted">No invitations yet.</p>
      ) : (
        <ul className="simple-list" data-testid="interviews">
          {items.map((i) => (
            <li key={i.id} className="interview-row">
              <span>
                <strong>{i.title}</strong>
                <span className="muted small block">
                  {i.slots.map((s) => formatDateTime(s.startsAt)).join(' · ')}
                  {i.location ? ` · ${i.location}` : ''}
                </span>
                <InterviewState interview={i} />
              </span>
              {i.status === 'invited' || i.status === 'change_requested' ? (
                <button
                  type="button"
                  className="button button-small button-danger-quiet push-right"
                  disabled={cancel.isPending}
                  onClick={() => cancel.mutate(i.id)}
                >
                  Cancel
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {inviting ? <InterviewDialog person={person} onClose={() => setInviting(false)} /> : null}
    </section>
  )
}
