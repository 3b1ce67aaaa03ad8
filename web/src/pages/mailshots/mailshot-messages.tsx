import { useCampaignMessages } from '../../api/campaigns'
import { errorMessage } from '../../api/client'
import { displayName, usePersonNames } from '../../api/people'
import { ErrorNote } from '../../components/dialog'
import { Spinner } from '../../components/misc'
import { formatPhone } from '../../format'
import { Link } from '../../router'
import { statusLabel } from '../messaging/message-status'
import { skipLabel } from './mailshot-preview'

/** The mailshot's failed texts with the provider's reason, or its skipped recipients with theirs. */
export function CampaignMessages({
  campaignId,
  view,
  title,
}: {
  campaignId: string
  view: 'failed' | 'did_not_trigger'
  title: string
}) {
  const query = useCampaignMessages(campaignId, view, true)
  const items = query.data?.items ?? []
  const people = usePersonNames(items.map((m) => m.personId))
  const headingId = `campaign-${view}`
  return (
    <section className="card" aria-labelledby={headingId} data-testid={`campaign-${view}`}>
      <h2 id={headingId}>{title}</h2>
      {query.error ? <ErrorNote message={errorMessage(query.error)} /> : null}
      {query.isLoading ? (
        <Spinner />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col" className="hide-narrow">
                  Number
                </th>
                <th scope="col">{view === 'failed' ? 'What happened' : 'Reason'}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => {
                const person = m.personId ? people.get(m.personId) : undefined
                return (
                  <tr key={m.id}>
                    <td>
                      {person ? (
                        <Link to={`/people/${encodeURIComponent(person.id)}`}>{displayName(person)}</Link>
                      ) : m.to ? (
                        formatPhone(m.to)
                      ) : (
                        <span className="muted">Unknown</span>
                      )}
                    </td>
                    <td className="hide-narrow">
                      {m.to ? formatPhone(m.to) : <span className="muted">none</span>}
                    </td>
                    <td>
                      <span className={`badge ${view === 'failed' ? 'badge-danger' : 'badge-warn'}`}>
                        {view === 'failed' ? statusLabel(m.status) : skipLabel(m.errorCode ?? '')}
                      </span>
                      {m.error ? <span className="small block muted">{m.error}</span> : null}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {query.data?.nextCursor ? (
        <p className="muted small">
          The first {items.length} are shown; every one is in the{' '}
          <Link to={`/messages/${view}`}>messages view</Link>.
        </p>
      ) : null}
    </section>
  )
}
