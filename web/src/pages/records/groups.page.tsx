import { UsersRound } from 'lucide-react'
import { useGroupList } from '../../api/records'
import { PageHeader } from '../../components/misc'
import { formatListTime } from '../../format'
import { Link } from '../../router'
import { RecordFilters, RecordTable, useLoadedItems, useSearchText } from './record-list'

export function GroupsPage() {
  const { text, setText, q } = useSearchText()
  const query = useGroupList(q ? { q } : {})
  const groups = useLoadedItems(query)
  return (
    <div className="page">
      <PageHeader title="Groups" />
      <RecordFilters label="Search groups" placeholder="Group name" value={text} onChange={setText} />
      <RecordTable
        query={query}
        items={groups}
        noun="groups"
        rowTestId="group-row"
        empty={{
          icon: UsersRound,
          text: 'Groups are saved lists of people, made through the API (POST /api/v1/groups).',
        }}
        columns={[
          {
            header: 'Name',
            cell: (group) => <Link to={`/groups/${encodeURIComponent(group.id)}`}>{group.name}</Link>,
          },
          { header: 'Members', className: 'num', cell: (group) => group.memberCount },
          { header: 'Created', className: 'hide-narrow', cell: (group) => formatListTime(group.createdAt) },
        ]}
      />
    </div>
  )
}
