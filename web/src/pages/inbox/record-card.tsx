import { AlertTriangle, Briefcase, Building2, Mail, Phone, UserRound, X } from 'lucide-react'
import { useEffect, useRef } from 'react'
import type { ConversationDetail } from '../../api/conversations'
import { useMe } from '../../api/session'
import { Avatar } from '../../components/misc'
import { formatPhone } from '../../format'
import { Link } from '../../router'

/** How a user is associated (seed 001): "incoming and outgoing", "incoming" or "outgoing". */
function associationLabel(types: readonly string[]): string {
  return types.join(' and ')
}

/**
 * Who is at the other end: name (to their record), job, company and contact details; and the users
 * associated with them (who texted them or were told of their replies) with their association types.
 * Below 1200 px it lies over the conversation: its close button, Escape or a tap beside it hide it there.
 */
export function RecordCard({
  conversation,
  onClose,
}: {
  conversation: ConversationDetail
  onClose: () => void
}) {
  const me = useMe()
  const people = conversation.people
  const card = useRef<HTMLElement>(null)
  useEffect(() => {
    const overlay = window.matchMedia('(max-width: 1199px)')
    const onKeyDown = (event: KeyboardEvent) => {
      // Escape in an open dialog closes that dialog, not the card behind it
      if (event.key !== 'Escape' || !overlay.matches || document.querySelector('dialog[open]')) return
      onClose()
    }
    // a tap on the conversation beside the card closes it (the card's own toggle toggles it)
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target
      if (!overlay.matches || !(target instanceof Element) || document.querySelector('dialog[open]')) return
      if (card.current?.contains(target) || target.closest('.card-toggle')) return
      onClose()
    }
    document.addEventListener('keydown', onKeyDown)
    document.addEventListener('pointerdown', onPointerDown)
    return () => {
      document.removeEventListener('keydown', onKeyDown)
      document.removeEventListener('pointerdown', onPointerDown)
    }
  }, [onClose])
  return (
    <aside ref={card} className="record-card" aria-label="Record card" data-testid="record-card">
      <button
        type="button"
        className="icon-button record-card-close"
        aria-label="Close record card"
        onClick={onClose}
      >
        <X size={18} aria-hidden="true" />
      </button>
      {conversation.sharedNumber ? (
        <p className="shared-warning" role="note">
          <AlertTriangle size={16} aria-hidden="true" />
          {people.length} people share this number. Check who you are writing to.
        </p>
      ) : null}
      {people.length === 0 ? (
        <div className="record-person">
          <Avatar name="#" size="large" />
          <h2>{formatPhone(conversation.phone)}</h2>
          <p className="muted">Not linked to anyone in your records.</p>
        </div>
      ) : null}
      {people.map((person) => (
        <div className="record-person" key={person.id}>
          <Avatar name={person.name} size="large" />
          <h2>
            <Link to={`/people/${encodeURIComponent(person.id)}`}>{person.name || 'Unnamed'}</Link>
          </h2>
          <span className="badge">{person.kind}</span>
          <dl className="record-facts">
            {person.jobTitle ? (
              <div>
                <dt>
                  <Briefcase size={14} aria-hidden="true" />
                  <span className="visually-hidden">Job title</span>
                </dt>
                <dd>{person.jobTitle}</dd>
              </div>
            ) : null}
            {person.company ? (
              <div>
                <dt>
                  <Building2 size={14} aria-hidden="true" />
                  <span className="visually-hidden">Company</span>
                </dt>
                <dd>{person.company}</dd>
              </div>
            ) : null}
            <div>
              <dt>
                <Phone size={14} aria-hidden="true" />
                <span className="visually-hidden">Phone</span>
              </dt>
              <dd>
                <a href={`tel:${person.mobile ?? conversation.phone}`}>
                  {formatPhone(person.mobile ?? conversation.phone)}
                </a>
              </dd>
            </div>
            {person.email ? (
              <div>
                <dt>
                  <Mail size={14} aria-hidden="true" />
                  <span className="visually-hidden">Email</span>
                </dt>
                <dd>
                  <a href={`mailto:${person.email}`}>{person.email}</a>
                </dd>
              </div>
            ) : null}
          </dl>
        </div>
      ))}
      {conversation.associatedUsers.length > 0 ? (
        <div className="record-users" data-testid="associated-users">
          <h3>Associated users</h3>
          <ul>
            {conversation.associatedUsers.map((u) => (
              <li key={u.userId}>
                <UserRound size={14} aria-hidden="true" />
                <span>
                  {u.name}
                  {u.userId === me.data?.user.id ? ' (you)' : ''}:{' '}
                  <span className="muted">{associationLabel(u.associationTypes)}</span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </aside>
  )
}
