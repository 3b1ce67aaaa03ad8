import { Handshake } from 'lucide-react'
import { useMemo, useState } from 'react'
import { errorMessage } from '../../api/client'
import { displayName, usePersonNames } from '../../api/people'
import { usePlacementList, useRecordsById } from '../../api/records'
import { ErrorNote } from '../../components/dialog'
import { EmptyState, PageHeader } from '../../components/misc'
import { useDebounced } from '../../components/use-debounced'
import { Link } from '../../router'
import { Loading, LoadMore, RecordFilters } from './record-list'

export function PlacementsPage() {
  const [text, setText] = useState('')
  const q = useDebounced(text.trim(), 250)
  const query = usePlacementList(q ? { q } : {})
  const placements = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data])
  const jobs = useRecordsById(
    'jobs',
    placements.map((p) => p.jobId),
  )
  const people = usePersonNames(placements.flatMap((p) => [p.applicantId, p.mainContactId]))
  const name = (id: string | null) => {
    const person = id ? people.get(id) : undefined
    return person ? displayName(person) : ''
  }
  return (
    <div className="page">
      <PageHeader title="Placements" />
      <RecordFilters
        label="Search placements"
        placeholder="Job title or applicant's name"
        value={text}
        onChange={setText}
      />
      {query.error ? <ErrorNote message={errorMessage(query.error)} /> : null}
      {query.isLoading ? (
        <Loading label="Loading placements" />
      ) : placements.length === 0 ? (
        <EmptyState icon={Handshake} title="No placements match">
          An ATS pushes placements in through the API (POST /api/v1/placements).
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Applicant</th>
                <th scope="col">Job</th>
                <th scope="col" className="hide-narrow">
                  Main contact
                </th>
                <th scope="col" className="hide-narrow">
                  Starts
                </th>
              </tr>
            </thead>
            <tbody>
              {placements.map((placement) => {
                const job = jobs.get(placement.jobId)
                return (
                  <tr key={placement.id} data-testid="placement-row">
                    <td>
                      <Link to={`/placements/${encodeURIComponent(placement.id)}`}>
                        {name(placement.applicantId) || 'Placement'}
                      </Link>
                    </td>
                    <td>{job ? <Link to={`/jobs/${encodeURIComponent(job.id)}`}>{job.title}</Link> : ''}</td>
                    <td className="hide-narrow">{name(placement.mainContactId)}</td>
                    <td className="hide-narrow">{placement.startDate ?? ''}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore query={query} />
    </div>
  )
}
