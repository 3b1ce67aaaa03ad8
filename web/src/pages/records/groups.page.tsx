import { UsersRound } from 'lucide-react'
import { useMemo, useState } from 'react'
import { errorMessage } from '../../api/client'
import { useGroupList } from '../../api/records'
import { ErrorNote } from '../../components/dialog'
import { EmptyState, PageHeader } from '../../components/misc'
import { useDebounced } from '../../components/use-debounced'
import { formatListTime } from '../../format'
import { Link } from '../../router'
import { Loading, LoadMore, RecordFilters } from './record-list'

export function GroupsPage() {
  const [text, setText] = useState('')
  const q = useDebounced(text.trim(), 250)
  const query = useGroupList(q ? { q } : {})
  const groups = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data])
  return (
    <div className="page">
      <PageHeader title="Groups" />
      <RecordFilters label="Search groups" placeholder="Group name" value={text} onChange={setText} />
      {query.error ? <ErrorNote message={errorMessage(query.error)} /> : null}
      {query.isLoading ? (
        <Loading label="Loading groups" />
      ) : groups.length === 0 ? (
        <EmptyState icon={UsersRound} title="No groups match">
          Groups are saved lists of people, made through the API (POST /api/v1/groups).
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="num">
                  Members
                </th>
                <th scope="col" className="hide-narrow">
                  Created
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.map((group) => (
                <tr key={group.id} data-testid="group-row">
                  <td>
                    <Link to={`/groups/${encodeURIComponent(group.id)}`}>{group.name}</Link>
                  </td>
                  <td className="num">{group.memberCount}</td>
                  <td className="hide-narrow">{formatListTime(group.createdAt)}</td>
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
