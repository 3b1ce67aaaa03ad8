import { Megaphone, MessageSquarePlus, Search, UsersRound } from 'lucide-react'
import { useMemo, useState } from 'react'
import { errorMessage } from '../../api/client'
import { displayName, type PeopleFilter, useCompanies, useGroups, usePeople } from '../../api/people'
import { can, type Me } from '../../api/session'
import { ErrorNote } from '../../components/dialog'
import { Avatar, EmptyState, PageHeader, Spinner } from '../../components/misc'
import { useDebounced } from '../../components/use-debounced'
import { formatPhone, plural } from '../../format'
import { Link, navigate } from '../../router'
import { startMailshot } from '../mailshots/mailshot-handoff'

export function PeoplePage({ me }: { me: Me }) {
  const [text, setText] = useState('')
  const [kind, setKind] = useState<'' | 'candidate' | 'contact'>('')
  const [groupId, setGroupId] = useState('')
  const [tag, setTag] = useState('')
  const [mobileOnly, setMobileOnly] = useState(false)
  const q = useDebounced(text.trim(), 250)
  const tagFilter = useDebounced(tag.trim(), 250)
  const filter: PeopleFilter = {
    ...(q ? { q } : {}),
    ...(kind ? { kind } : {}),
    ...(groupId ? { groupId } : {}),
    ...(tagFilter ? { tag: tagFilter } : {}),
    ...(mobileOnly ? { hasMobile: true } : {}),
  }
  const query = usePeople(filter)
  const groups = useGroups()
  const companies = useCompanies()
  const companyName = (id: string | null) =>
    id ? companies.data?.items.find((c) => c.id === id)?.name : undefined
  const people = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data])
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const chosen = people.filter((p) => selected.has(p.id))
  const allChosen = people.length > 0 && chosen.length === people.length
  const mayText = can(me, 'sms.send') && (chosen.length <= 1 || can(me, 'sms.send_bulk'))
  const mayMailshot = can(me, 'sms.send_bulk')

  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })

  return (
    <div className="page">
      <PageHeader title="People">
        {can(me, 'sms.send') ? (
          <button
            type="button"
            className="button button-primary"
            disabled={chosen.length === 0 || !mayText}
            title={!mayText ? 'Texting several people at once needs the bulk sending permission' : undefined}
            onClick={() => navigate(`/compose?to=${chosen.map((p) => encodeURIComponent(p.id)).join(',')}`)}
          >
            <MessageSquarePlus size={16} aria-hidden="true" />
            {chosen.length ? `Text ${plural(chosen.length, 'person', 'people')}` : 'Text selected'}
          </button>
        ) : null}
        {mayMailshot ? (
          <>
            <button
              type="button"
              className="button"
              disabled={chosen.length === 0}
              onClick={() => startMailshot({ type: 'people', personIds: chosen.map((p) => p.id) })}
            >
              <Megaphone size={16} aria-hidden="true" />
              {chosen.length
                ? `Mailshot to ${plural(chosen.length, 'person', 'people')}`
                : 'Mailshot to selected'}
            </button>
            <button
              type="button"
              className="button"
              title="A mailshot to everyone this search finds, not only the rows shown"
              onClick={() => startMailshot({ type: 'search', filter })}
            >
              <Megaphone size={16} aria-hidden="true" /> Mailshot to this search
            </button>
          </>
        ) : null}
      </PageHeader>
      <search className="filters">
        <label className="search-field">
          <Search size={16} aria-hidden="true" />
          <span className="visually-hidden">Search people</span>
          <input
            type="search"
            placeholder="Name, email or phone"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <label className="field inline-field">
          <span className="field-label">Kind</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="">Everyone</option>
            <option value="candidate">Candidates</option>
            <option value="contact">Contacts</option>
          </select>
        </label>
        <label className="field inline-field">
          <span className="field-label">Group</span>
          <select value={groupId} onChange={(e) => setGroupId(e.target.value)}>
            <option value="">Any group</option>
            {groups.data?.items.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name} ({g.memberCount})
              </option>
            ))}
          </select>
        </label>
        <label className="field inline-field">
          <span className="field-label">Tag</span>
          <input value={tag} onChange={(e) => setTag(e.target.value)} placeholder="any" size={10} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={mobileOnly} onChange={(e) => setMobileOnly(e.target.checked)} />
          Has a mobile
        </label>
      </search>
      {query.error ? <ErrorNote message={errorMessage(query.error)} /> : null}
      {query.isLoading ? (
        <div className="centered">
          <Spinner label="Loading people" />
        </div>
      ) : people.length === 0 ? (
        <EmptyState icon={UsersRound} title="Nobody matches">
          Import people from a CSV file or push them through the API.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col" className="col-check">
                  <input
                    type="checkbox"
                    aria-label="Select everyone shown"
                    checked={allChosen}
                    onChange={(e) =>
                      setSelected(e.target.checked ? new Set(people.map((p) => p.id)) : new Set())
                    }
                  />
                </th>
                <th scope="col">Name</th>
                <th scope="col" className="hide-narrow">
                  Job title
                </th>
                <th scope="col" className="hide-narrow">
                  Company
                </th>
                <th scope="col">Mobile</th>
                <th scope="col" className="hide-narrow">
                  Tags
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr
                  key={person.id}
                  className={selected.has(person.id) ? 'is-selected' : undefined}
                  data-testid="person-row"
                >
                  <td className="col-check">
                    <input
                      type="checkbox"
                      aria-label={`Select ${displayName(person)}`}
                      checked={selected.has(person.id)}
                      onChange={(e) => toggle(person.id, e.target.checked)}
                    />
                  </td>
                  <td>
                    <span className="person-cell">
                      <Avatar name={displayName(person)} size="small" />
                      <span>
                        <Link to={`/people/${encodeURIComponent(person.id)}`}>{displayName(person)}</Link>
                        <span className="muted small block">{person.kind}</span>
                      </span>
                    </span>
                  </td>
                  <td className="hide-narrow">{person.jobTitle ?? ''}</td>
                  <td className="hide-narrow">{companyName(person.companyId) ?? ''}</td>
                  <td>{person.mobile ? formatPhone(person.mobile) : <span className="muted">none</span>}</td>
                  <td className="hide-narrow">
                    {person.tags.map((t) => (
                      <span key={t} className="badge">
                        {t}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {query.hasNextPage ? (
        <div className="centered">
          <button
            type="button"
            className="button"
            onClick={() => void query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
          >
            {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </div>
  )
}
