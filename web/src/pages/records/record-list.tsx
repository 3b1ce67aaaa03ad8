import { Search } from 'lucide-react'
import type { ReactNode } from 'react'
import { Spinner } from '../../components/misc'

/** "Load more" under a paged list, while the API has another page. */
export function LoadMore({
  query,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }
}) {
  if (!query.hasNextPage) return null
  return (
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
  )
}

/** The search box above a list of records, with any other filters beside it. */
export function RecordFilters({
  label,
  placeholder,
  value,
  onChange,
  children,
}: {
  label: string
  placeholder: string
  value: string
  onChange: (value: string) => void
  children?: ReactNode
}) {
  return (
    <search className="filters">
      <label className="search-field">
        <Search size={16} aria-hidden="true" />
        <span className="visually-hidden">{label}</span>
        <input
          type="search"
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      {children}
    </search>
  )
}

export function Loading({ label }: { label: string }) {
  return (
    <div className="centered">
      <Spinner label={label} />
    </div>
  )
}
