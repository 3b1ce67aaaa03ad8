import { Building2 } from 'lucide-react'
import { useMemo, useState } from 'react'
import { errorMessage } from '../../api/client'
import { useCompanyList } from '../../api/records'
import { ErrorNote } from '../../components/dialog'
import { EmptyState, PageHeader } from '../../components/misc'
import { useDebounced } from '../../components/use-debounced'
import { formatPhone } from '../../format'
import { Link } from '../../router'
import { Loading, LoadMore, RecordFilters } from './record-list'

export function CompaniesPage() {
  const [text, setText] = useState('')
  const q = useDebounced(text.trim(), 250)
  const query = useCompanyList(q ? { q } : {})
  const companies = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data])
  return (
    <div className="page">
      <PageHeader title="Companies" />
      <RecordFilters label="Search companies" placeholder="Company name" value={text} onChange={setText} />
      {query.error ? <ErrorNote message={errorMessage(query.error)} /> : null}
      {query.isLoading ? (
        <Loading label="Loading companies" />
      ) : companies.length === 0 ? (
        <EmptyState icon={Building2} title="No companies match">
          Companies come from the API (POST /api/v1/companies) or the company column of a CSV import.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Phone</th>
                <th scope="col" className="hide-narrow">
                  Website
                </th>
              </tr>
            </thead>
            <tbody>
              {companies.map((company) => (
                <tr key={company.id} data-testid="company-row">
                  <td>
                    <Link to={`/companies/${encodeURIComponent(company.id)}`}>{company.name}</Link>
                  </td>
                  <td>{company.phone ? formatPhone(company.phone) : ''}</td>
                  <td className="hide-narrow">{company.website ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore query={query} />
    </div>
  )
}
