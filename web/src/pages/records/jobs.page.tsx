import { Briefcase } from 'lucide-react'
import { useState } from 'react'
import { displayName, usePersonNames } from '../../api/people'
import { JOB_STATUS_LABELS, type JobStatus, useJobList, useRecordsById } from '../../api/records'
import { PageHeader } from '../../components/misc'
import { formatListTime } from '../../format'
import { Link } from '../../router'
import { RecordFilters, RecordTable, useLoadedItems, useSearchText } from './record-list'

export function JobsPage() {
  const { text, setText, q } = useSearchText()
  const [status, setStatus] = useState<'' | JobStatus>('')
  const query = useJobList({ ...(q ? { q } : {}), ...(status ? { status } : {}) })
  const jobs = useLoadedItems(query)
  const companies = useRecordsById(
    'companies',
    jobs.map((j) => j.companyId),
  )
  const contacts = usePersonNames(jobs.map((j) => j.mainContactId))
  const companyOf = (job: (typeof jobs)[number]) => (job.companyId ? companies.get(job.companyId) : undefined)
  return (
    <div className="page">
      <PageHeader title="Jobs" />
      <RecordFilters label="Search jobs" placeholder="Job title" value={text} onChange={setText}>
        <label className="field inline-field">
          <span className="field-label">Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">Any</option>
            {Object.entries(JOB_STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </RecordFilters>
      <RecordTable
        query={query}
        items={jobs}
        noun="jobs"
        rowTestId="job-row"
        empty={{ icon: Briefcase, text: 'An ATS pushes jobs in through the API (POST /api/v1/jobs).' }}
        columns={[
          {
            header: 'Title',
            cell: (job) => {
              const company = companyOf(job)
              return (
                <>
                  <Link to={`/jobs/${encodeURIComponent(job.id)}`}>{job.title}</Link>
                  {company ? <span className="muted small block show-narrow">{company.name}</span> : null}
                </>
              )
            },
          },
          {
            header: 'Company',
            className: 'hide-narrow',
            cell: (job) => {
              const company = companyOf(job)
              return company ? (
                <Link to={`/companies/${encodeURIComponent(company.id)}`}>{company.name}</Link>
              ) : (
                ''
              )
            },
          },
          {
            header: 'Main contact',
            className: 'hide-narrow',
            cell: (job) => {
              const contact = job.mainContactId ? contacts.get(job.mainContactId) : undefined
              return contact ? displayName(contact) : ''
            },
          },
          {
            header: 'Status',
            cell: (job) => (
              <span className={`badge job-status-${job.status}`}>{JOB_STATUS_LABELS[job.status]}</span>
            ),
          },
          { header: 'Created', className: 'hide-narrow', cell: (job) => formatListTime(job.createdAt) },
        ]}
      />
    </div>
  )
}
