import { Building2 } from 'lucide-react'
import { useCompanyList } from '../../api/records'
import { PageHeader } from '../../components/misc'
import { formatPhone } from '../../format'
import { Link } from '../../router'
import { RecordFilters, RecordTable, useLoadedItems, useSearchText } from './record-list'

export function CompaniesPage() {
  const { text, setText, q } = useSearchText()
  const query = useCompanyList(q ? { q } : {})
  const companies = useLoadedItems(query)
  return (
    <div className="page">
      <PageHeader title="Companies" />
      <RecordFilters label="Search companies" placeholder="Company name" value={text} onChange={setText} />
      <RecordTable
        query={query}
        items={companies}
        noun="companies"
        rowTestId="company-row"
        empty={{
          icon: Building2,
          text: 'Companies come from the API (POST /api/v1/companies) or the company column of a CSV import.',
        }}
        columns={[
          {
            header: 'Name',
            cell: (company) => (
              <Link to={`/companies/${encodeURIComponent(company.id)}`}>{company.name}</Link>
            ),
          },
          { header: 'Phone', cell: (company) => (company.phone ? formatPhone(company.phone) : '') },
          { header: 'Website', className: 'hide-narrow', cell: (company) => company.website ?? '' },
        ]}
      />
    </div>
  )
}
