import { Briefcase, CalendarDays, Handshake } from 'lucide-react'
import { errorMessage } from '../../api/client'
import { displayName } from '../../api/people'
import { ROLE_LABELS, useRecord, useRecordPeople } from '../../api/records'
import type { Me } from '../../api/session'
import { ErrorNote } from '../../components/dialog'
import { Link } from '../../router'
import { type Fact, RecordHeader } from './record-header'
import { Loading } from './record-list'
import { RecordPeople } from './record-people'

/** A placement: the job, the start date, and its applicant, main contact and line manager. */
export function PlacementPage({ me, placementId }: { me: Me; placementId: string }) {
  const placement = useRecord('placements', placementId)
  const job = useRecord('jobs', placement.data?.jobId ?? null)
  const people = useRecordPeople('placements', placementId)
  if (placement.error) return <ErrorNote message={errorMessage(placement.error)} />
  if (!placement.data) return <Loading label="Loading the placement" />
  const p = placement.data
  const applicant = people.data?.items.find((i) => i.role === 'applicant')?.person
  const facts: Fact[] = [
    ...(job.data
      ? [
          {
            icon: Briefcase,
            label: 'Job',
            value: <Link to={`/jobs/${encodeURIComponent(job.data.id)}`}>{job.data.title}</Link>,
          },
        ]
      : []),
    {
      icon: CalendarDays,
      label: 'Start date',
      value: p.startDate ? `Starts ${p.startDate}` : 'No start date',
    },
  ]
  const title = [applicant ? displayName(applicant) : null, job.data ? job.data.title : null]
    .filter(Boolean)
    .join(' · ')
  return (
    <div className="page record-page">
      <RecordHeader
        back={{ to: '/placements', label: 'Placements' }}
        icon={Handshake}
        title={title || 'Placement'}
        facts={facts}
      />
      {people.error ? <ErrorNote message={errorMessage(people.error)} /> : null}
      {people.isLoading ? (
        <Loading label="Loading the people of the placement" />
      ) : (
        <RecordPeople
          me={me}
          title="People on this placement"
          severalNeedBulk={false}
          empty="The placement names nobody who is still on record"
          rows={(people.data?.items ?? []).map((item) => ({
            key: `${item.role}:${item.person.id}`,
            person: item.person,
            role: ROLE_LABELS[item.role],
          }))}
        />
      )}
    </div>
  )
}
