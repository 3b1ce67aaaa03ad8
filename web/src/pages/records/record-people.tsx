import { MessageSquarePlus, UsersRound } from 'lucide-react'
import { type ReactNode, useState } from 'react'
import { displayName, type Person } from '../../api/people'
import { can, type Me } from '../../api/session'
import { Avatar, EmptyState } from '../../components/misc'
import { formatPhone, plural } from '../../format'
import { Link, navigate } from '../../router'

export interface PersonRow {
  key: string
  person: Person
  /** The part they play on the record (main contact, applicant, ...), when it has parts. */
  role?: ReactNode
}

/** Compose with these people as recipients (compose loads them from `?to=`). */
export function composeTo(personIds: readonly string[]): void {
  navigate(`/compose?to=${[...new Set(personIds)].map(encodeURIComponent).join(',')}`)
}

interface Props {
  me: Me
  title: string
  rows: PersonRow[]
  /** More rows than shown: "Send SMS" says it texts the ones shown, not everyone. */
  more?: ReactNode
  /** Texting several needs `sms.send_bulk` (a company's contacts, a group) or not (a job's people). */
  severalNeedBulk: boolean
  /** Other actions beside "Send SMS" (a group's mailshot). */
  actions?: ReactNode
  empty: string
}

/**
 * The people a record names, each linking to their page, with a tick box each and "Send SMS":
 * to the ones ticked, or with none ticked to everyone listed.
 */
export function RecordPeople({ me, title, rows, more, severalNeedBulk, actions, empty }: Props) {
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const ticked = rows.filter((r) => selected.has(r.key))
  const chosen = ticked.length > 0 ? ticked : rows
  const people = [...new Set(chosen.map((r) => r.person.id))]
  const maySend = can(me, 'sms.send') && (!severalNeedBulk || people.length <= 1 || can(me, 'sms.send_bulk'))
  const allTicked = rows.length > 0 && ticked.length === rows.length
  const withRoles = rows.some((r) => r.role)
  const label =
    ticked.length > 0
      ? `Send SMS to ${plural(people.length, 'person', 'people')} ticked`
      : more
        ? `Send SMS to the ${plural(people.length, 'person', 'people')} shown`
        : people.length <= 1
          ? 'Send SMS'
          : `Send SMS to all ${people.length}`
  const toggle = (key: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current)
      if (on) next.add(key)
      else next.delete(key)
      return next
    })
  const headingId = `${title.toLowerCase().replace(/\W+/g, '-')}-title`
  return (
    <section className="card record-people" aria-labelledby={headingId}>
      <div className="card-header record-people-header">
        <h2 id={headingId}>{title}</h2>
        <div className="page-header-actions">
          {actions}
          {can(me, 'sms.send') ? (
            <button
              type="button"
              className="button button-primary"
              disabled={rows.length === 0 || !maySend}
              title={maySend ? undefined : 'Texting several people at once needs the bulk sending permission'}
              onClick={() => composeTo(people)}
            >
              <MessageSquarePlus size={16} aria-hidden="true" /> {label}
            </button>
          ) : null}
        </div>
      </div>
      {rows.length === 0 ? (
        <EmptyState icon={UsersRound} title={empty} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col" className="col-check">
                  <input
                    type="checkbox"
                    aria-label="Tick everyone shown"
                    checked={allTicked}
                    onChange={(e) =>
                      setSelected(e.target.checked ? new Set(rows.map((r) => r.key)) : new Set())
                    }
                  />
                </th>
                <th scope="col">Name</th>
                {withRoles ? (
                  <th scope="col" className="hide-narrow">
                    Part
                  </th>
                ) : null}
                <th scope="col">Mobile</th>
                <th scope="col" className="hide-narrow">
                  Job title
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const name = displayName(row.person)
                return (
                  <tr
                    key={row.key}
                    className={selected.has(row.key) ? 'is-selected' : undefined}
                    data-testid="record-person"
                  >
                    <td className="col-check">
                      <input
                        type="checkbox"
                        aria-label={`Tick ${name}`}
                        checked={selected.has(row.key)}
                        onChange={(e) => toggle(row.key, e.target.checked)}
                      />
                    </td>
                    <td>
                      <span className="person-cell">
                        <span className="hide-narrow">
                          <Avatar name={name} size="small" />
                        </span>
                        <span>
                          <Link to={`/people/${encodeURIComponent(row.person.id)}`}>{name}</Link>
                          {row.role ? <span className="small block show-narrow">{row.role}</span> : null}
                          <span className="muted small block">{row.person.kind}</span>
                        </span>
                      </span>
                    </td>
                    {withRoles ? <td className="hide-narrow">{row.role}</td> : null}
                    <td className="record-mobile">
                      {row.person.mobile ? (
                        formatPhone(row.person.mobile)
                      ) : (
                        <span className="warning-text">No mobile</span>
                      )}
                    </td>
                    <td className="hide-narrow">{row.person.jobTitle ?? ''}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {more ? <div className="centered record-people-more">{more}</div> : null}
    </section>
  )
}
