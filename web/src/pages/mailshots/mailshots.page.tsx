import { Megaphone, Plus } from 'lucide-react'
import { useMemo } from 'react'
import { useCampaigns } from '../../api/campaigns'
import { errorMessage } from '../../api/client'
import type { Me } from '../../api/session'
import { ErrorNote } from '../../components/dialog'
import { EmptyState, PageHeader, Spinner } from '../../components/misc'
import { formatListTime } from '../../format'
import { Link, navigate } from '../../router'
import { CampaignStatusBadge, ProgressBar, queuedOf } from './mailshot-figures'
import { forgetHandedSource } from './mailshot-handoff'

function startBlank() {
  forgetHandedSource()
  navigate('/mailshots/new')
}

/** Every mailshot, newest first, with its live figures. */
export function MailshotsPage(_props: { me: Me }) {
  const query = useCampaigns()
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data])
  return (
    <div className="page">
      <PageHeader title="Mailshots">
        <button type="button" className="button button-primary" onClick={startBlank}>
          <Plus size={16} aria-hidden="true" /> New mailshot
        </button>
      </PageHeader>
      {query.error ? <ErrorNote message={errorMessage(query.error)} /> : null}
      {query.isLoading ? (
        <div className="centered">
          <Spinner label="Loading mailshots" />
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={Megaphone} title="No mailshots yet">
          Text a group, a search or a CSV list in one go: choose people on the People page, or start a new
          mailshot here.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="mailshot-list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col" className="hide-narrow">
                  Progress
                </th>
                <th scope="col" className="num">
                  Texts
                </th>
                <th scope="col" className="num hide-narrow">
                  Delivered
                </th>
                <th scope="col" className="num hide-narrow">
                  Failed
                </th>
                <th scope="col" className="num hide-narrow">
                  Replied
                </th>
                <th scope="col" className="num hide-narrow">
                  Created
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} data-testid="mailshot-row">
                  <td>
                    <Link to={`/mailshots/${encodeURIComponent(c.id)}`}>{c.name}</Link>
                    {queuedOf(c.progress) > 0 ? (
                      <span className="muted small block">
                        {queuedOf(c.progress).toLocaleString()} queued
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <CampaignStatusBadge status={c.status} />
                  </td>
                  <td className="hide-narrow progress-cell">
                    {c.status === 'draft' ? null : <ProgressBar progress={c.progress} />}
                  </td>
                  <td className="num">{c.progress.total.toLocaleString()}</td>
                  <td className="num hide-narrow">{c.progress.delivered.toLocaleString()}</td>
                  <td className="num hide-narrow">{c.progress.failed.toLocaleString()}</td>
                  <td className="num hide-narrow">{c.progress.replied.toLocaleString()}</td>
                  <td className="num hide-narrow">{formatListTime(c.createdAt)}</td>
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
