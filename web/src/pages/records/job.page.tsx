import { Briefcase, Building2, CalendarDays, UserRound } from 'lucide-react'
import { errorMessage } from '../../api/client'
import { displayName } from '../../api/people'
import { JOB_STATUS_LABELS, ROLE_LABELS, useRecord, useRecordPeople } from '../../api/records'
import type { Me } from '../../api/session'
import { ErrorNote } from '../../components/dialog'
import { formatDateTime } from '../../format'
import { Link } from '../../router'
import { type Fact, RecordHeader } from './record-header'
import { Loading } from './record-list'
import { RecordPeople } from './record-people'

/** A job: its company and status, and everyone it names (contacts, each placement's applicant). */
export function JobPage({ me, jobId }: { me: Me; jobId: string }) {
  const job = useRecord('jobs', jobId)
  const company = useRecord('companies', job.data?.companyId ?? null)
  const people = useRecordPeople('jobs', jobId)
  if (job.error) return <ErrorNote message={errorMessage(job.error)} />
  if (!job.data) return <Loading label="Loading the job" />
  const j = job.data
  const applicants = people.data?.items.filter((i) => i.role === 'applicant').length ?? 0
  const facts: Fact[] = [
    ...(company.data
      ? [
          {
            icon: Building2,
            label: 'Company',
            value: <Link to={`/companies/${encodeURIComponent(company.data.id)}`}>{company.data.name}</Link>,
          },
        ]
      : []),
    { icon: UserRound, label: 'Placed', value: `${applicants} placed` },
    { icon: CalendarDays, label: 'Created', value: `Created ${formatDateTime(j.createdAt)}` },
  ]
  return (
    <div className="page record-page">
      <RecordHeader
        back={{ to: '/jobs', label: 'Jobs' }}
        icon={Briefcase}
        title={j.title}
        badges={<span className={`badge job-status-${j.status}`}>{JOB_STATUS_LABELS[j.status]}</span>}
        facts={facts}
      />
      {people.error ? <ErrorNote message={errorMessage(people.error)} /> : null}
      {people.isLoading ? (
        <Loading label="Loading the people of the job" />
      ) : (
        <RecordPeople
          me={me}
          title="People on this job"
          severalNeedBulk={false}
          empty="The job names nobody yet"
          rows={(people.data?.items ?? []).map((item) => ({
            key: `${item.role}:${item.placementId ?? ''}:${item.person.id}`,
            person: item.person,
            role: item.placementId ? (
              <Link
                to={`/placements/${encodeURIComponent(item.placementId)}`}
                title={`The placement of ${displayName(item.person)}`}
              >
                {ROLE_LABELS[item.role]}
              </Link>
            ) : (
              ROLE_LABELS[item.role]
            ),
          }))}
        />
      )}
    </div>
  )
}
