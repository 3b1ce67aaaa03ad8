import { type LucideIcon, Search } from 'lucide-react'
import { type ReactNode, useMemo, useState } from 'react'
import { errorMessage } from '../../api/client'
import { ErrorNote } from '../../components/dialog'
import { EmptyState, Spinner } from '../../components/misc'
import { useDebounced } from '../../components/use-debounced'

type PagedQuery<T> = {
  data?: { pages: { items: T[] }[] } | undefined
  error: unknown
  isLoading: boolean
  hasNextPage: boolean
  isFetchingNextPage: boolean
  fetchNextPage: () => unknown
}

/** A list page's search box: what is typed, and the trimmed text to ask for once typing pauses. */
export function useSearchText(): { text: string; setText: (text: string) => void; q: string } {
  const [text, setText] = useState('')
  const q = useDebounced(text.trim(), 250)
  return { text, setText, q }
}

/** The records of every page loaded so far. */
export function useLoadedItems<T>(query: PagedQuery<T>): T[] {
  return useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data])
}

export interface Column<T> {
  header: string
  /** `hide-narrow` hides the column at phone width; `num` aligns it right. */
  className?: string
  cell: (item: T) => ReactNode
}

/**
 * The body of a list page: the error, a spinner while loading, an empty state when nothing matches,
 * else a table of the loaded records with "Load more" under it.
 */
export function RecordTable<T extends { id: string }>({
  query,
  items,
  noun,
  rowTestId,
  columns,
  empty,
}: {
  query: PagedQuery<T>
  items: readonly T[]
  /** Plural, as in "Loading companies" and "No companies match". */
  noun: string
  rowTestId: string
  columns: readonly Column<T>[]
  empty: { icon: LucideIcon; text: ReactNode }
}) {
  return (
    <>
      {query.error ? <ErrorNote message={errorMessage(query.error)} /> : null}
      {query.isLoading ? (
        <Loading label={`Loading ${noun}`} />
      ) : items.length === 0 ? (
        <EmptyState icon={empty.icon} title={`No ${noun} match`}>
          {empty.text}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.header} scope="col" className={column.className}>
                    {column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} data-testid={rowTestId}>
                  {columns.map((column) => (
                    <td key={column.header} className={column.className}>
                      {column.cell(item)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore query={query} />
    </>
  )
}

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
