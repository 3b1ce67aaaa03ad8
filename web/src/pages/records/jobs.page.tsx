import { Briefcase } from 'lucide-react'
import { useMemo, useState } from 'react'
import { errorMessage } from '../../api/client'
import { displayName, usePersonNames } from '../../api/people'
import { JOB_STATUS_LABELS, type JobStatus, useJobList, useRecordsById } from '../../api/records'
import { ErrorNote } from '../../components/dialog'
import { EmptyState, PageHeader } from '../../components/misc'
import { useDebounced } from '../../components/use-debounced'
import { formatListTime } from '../../format'
import { Link } from '../../router'
import { Loading, LoadMore, RecordFilters } from './record-list'

export function JobsPage() {
  const [text, setText] = useState('')
  const [status, setStatus] = useState<'' | JobStatus>('')
  const q = useDebounced(text.trim(), 250)
  const query = useJobList({ ...(q ? { q } : {}), ...(status ? { status } : {}) })
  const jobs = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data])
  const companies = useRecordsById(
    'companies',
    jobs.map((j) => j.companyId),
  )
  const contacts = usePersonNames(jobs.map((j) => j.mainContactId))
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
      {query.error ? <ErrorNote message={errorMessage(query.error)} /> : null}
      {query.isLoading ? (
        <Loading label="Loading jobs" />
      ) : jobs.length === 0 ? (
        <EmptyState icon={Briefcase} title="No jobs match">
          An ATS pushes jobs in through the API (POST /api/v1/jobs).
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col" className="hide-narrow">
                  Company
                </th>
                <th scope="col" className="hide-narrow">
                  Main contact
                </th>
                <th scope="col">Status</th>
                <th scope="col" className="hide-narrow">
                  Created
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => {
                const company = job.companyId ? companies.get(job.companyId) : undefined
                const contact = job.mainContactId ? contacts.get(job.mainContactId) : undefined
                return (
                  <tr key={job.id} data-testid="job-row">
                    <td>
                      <Link to={`/jobs/${encodeURIComponent(job.id)}`}>{job.title}</Link>
                      {company ? <span className="muted small block show-narrow">{company.name}</span> : null}
                    </td>
                    <td className="hide-narrow">
                      {company ? (
                        <Link to={`/companies/${encodeURIComponent(company.id)}`}>{company.name}</Link>
                      ) : (
                        ''
                      )}
                    </td>
                    <td className="hide-narrow">{contact ? displayName(contact) : ''}</td>
                    <td>
                      <span className={`badge job-status-${job.status}`}>
                        {JOB_STATUS_LABELS[job.status]}
                      </span>
                    </td>
                    <td className="hide-narrow">{formatListTime(job.createdAt)}</td>
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
