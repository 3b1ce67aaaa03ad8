import { Building2, Globe, Phone } from 'lucide-react'
import { useMemo } from 'react'
import { errorMessage } from '../../api/client'
import { JOB_STATUS_LABELS, useJobList, usePeopleOf, useRecord } from '../../api/records'
import type { Me } from '../../api/session'
import { ErrorNote } from '../../components/dialog'
import { formatPhone } from '../../format'
import { Link } from '../../router'
import { type Fact, RecordHeader } from './record-header'
import { Loading, LoadMore } from './record-list'
import { RecordPeople } from './record-people'

/** A company (a client): its contacts, to text, and its jobs. */
export function CompanyPage({ me, companyId }: { me: Me; companyId: string }) {
  const company = useRecord('companies', companyId)
  const contacts = usePeopleOf({ companyId, kind: 'contact' })
  const jobs = useJobList({ companyId })
  const people = useMemo(() => contacts.data?.pages.flatMap((p) => p.items) ?? [], [contacts.data])
  const jobItems = useMemo(() => jobs.data?.pages.flatMap((p) => p.items) ?? [], [jobs.data])
  if (company.error) return <ErrorNote message={errorMessage(company.error)} />
  if (!company.data) return <Loading label="Loading the company" />
  const c = company.data
  const facts: Fact[] = [
    { icon: Phone, label: 'Phone', value: c.phone ? formatPhone(c.phone) : 'No phone number' },
    ...(c.website ? [{ icon: Globe, label: 'Website', value: c.website }] : []),
  ]
  return (
    <div className="page record-page">
      <RecordHeader
        back={{ to: '/companies', label: 'Companies' }}
        icon={Building2}
        title={c.name}
        facts={facts}
      />
      {contacts.error ? <ErrorNote message={errorMessage(contacts.error)} /> : null}
      {contacts.isLoading ? (
        <Loading label="Loading the contacts" />
      ) : (
        <RecordPeople
          me={me}
          title="Contacts"
          severalNeedBulk
          empty="No contacts at this company"
          rows={people.map((person) => ({ key: person.id, person }))}
          more={contacts.hasNextPage ? <LoadMore query={contacts} /> : undefined}
        />
      )}
      <section className="card" aria-labelledby="company-jobs-title">
        <h2 id="company-jobs-title">Jobs</h2>
        {jobs.error ? <ErrorNote message={errorMessage(jobs.error)} /> : null}
        {jobItems.length === 0 && !jobs.isLoading ? (
          <p className="muted">No jobs at this company.</p>
        ) : (
          <ul className="simple-list">
            {jobItems.map((job) => (
              <li key={job.id}>
                <Link to={`/jobs/${encodeURIComponent(job.id)}`}>{job.title}</Link>
                <span className={`badge push-right job-status-${job.status}`}>
                  {JOB_STATUS_LABELS[job.status]}
                </span>
              </li>
            ))}
          </ul>
        )}
        <LoadMore query={jobs} />
      </section>
    </div>
  )
}
