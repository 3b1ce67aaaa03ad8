import { CalendarDays, Megaphone, UsersRound } from 'lucide-react'
import { useMemo } from 'react'
import { errorMessage } from '../../api/client'
import { usePeopleOf, useRecord } from '../../api/records'
import { can, type Me } from '../../api/session'
import { ErrorNote } from '../../components/dialog'
import { formatDateTime, plural } from '../../format'
import { startMailshot } from '../mailshots/mailshot-handoff'
import { type Fact, RecordHeader } from './record-header'
import { Loading, LoadMore } from './record-list'
import { RecordPeople } from './record-people'

/**
 * A group: its members page by page. "Send SMS to the whole group" hands the group itself to a
 * mailshot, which the server expands, however big the group; ticked members go to compose.
 */
export function GroupPage({ me, groupId }: { me: Me; groupId: string }) {
  const group = useRecord('groups', groupId)
  const members = usePeopleOf({ groupId })
  const people = useMemo(() => members.data?.pages.flatMap((p) => p.items) ?? [], [members.data])
  if (group.error) return <ErrorNote message={errorMessage(group.error)} />
  if (!group.data) return <Loading label="Loading the group" />
  const g = group.data
  const facts: Fact[] = [
    { icon: UsersRound, label: 'Members', value: plural(g.memberCount, 'member') },
    { icon: CalendarDays, label: 'Created', value: `Created ${formatDateTime(g.createdAt)}` },
  ]
  return (
    <div className="page record-page">
      <RecordHeader
        back={{ to: '/groups', label: 'Groups' }}
        icon={UsersRound}
        title={g.name}
        facts={facts}
      />
      {members.error ? <ErrorNote message={errorMessage(members.error)} /> : null}
      {members.isLoading ? (
        <Loading label="Loading the members" />
      ) : (
        <RecordPeople
          me={me}
          title="Members"
          severalNeedBulk
          empty="Nobody is in this group"
          rows={people.map((person) => ({ key: person.id, person }))}
          more={members.hasNextPage ? <LoadMore query={members} /> : undefined}
          actions={
            can(me, 'sms.send_bulk') ? (
              <button
                type="button"
                className="button"
                disabled={g.memberCount === 0}
                title="A mailshot to every member, however many: the preview shows who gets it and the cost"
                onClick={() => startMailshot({ type: 'group', groupId: g.id })}
              >
                <Megaphone size={16} aria-hidden="true" /> Send SMS to the whole group ({g.memberCount})
              </button>
            ) : null
          }
        />
      )}
    </div>
  )
}
