import { Handshake } from 'lucide-react'
import { displayName, usePersonNames } from '../../api/people'
import { usePlacementList, useRecordsById } from '../../api/records'
import { PageHeader } from '../../components/misc'
import { Link } from '../../router'
import { RecordFilters, RecordTable, useLoadedItems, useSearchText } from './record-list'

export function PlacementsPage() {
  const { text, setText, q } = useSearchText()
  const query = usePlacementList(q ? { q } : {})
  const placements = useLoadedItems(query)
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
      <RecordTable
        query={query}
        items={placements}
        noun="placements"
        rowTestId="placement-row"
        empty={{
          icon: Handshake,
          text: 'An ATS pushes placements in through the API (POST /api/v1/placements).',
        }}
        columns={[
          {
            header: 'Applicant',
            cell: (placement) => (
              <Link to={`/placements/${encodeURIComponent(placement.id)}`}>
                {name(placement.applicantId) || 'Placement'}
              </Link>
            ),
          },
          {
            header: 'Job',
            cell: (placement) => {
              const job = jobs.get(placement.jobId)
              return job ? <Link to={`/jobs/${encodeURIComponent(job.id)}`}>{job.title}</Link> : ''
            },
          },
          {
            header: 'Main contact',
            className: 'hide-narrow',
            cell: (placement) => name(placement.mainContactId),
          },
          { header: 'Starts', className: 'hide-narrow', cell: (placement) => placement.startDate ?? '' },
        ]}
      />
    </div>
  )
}
