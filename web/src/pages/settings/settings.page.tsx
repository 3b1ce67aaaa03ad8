import { can, type Me } from '../../api/session'
import { PageHeader } from '../../components/misc'
import { Link } from '../../router'
import { ConnectionsSettings } from './connections-settings'
import { ForwardingSettings } from './forwarding-settings'
import { OfficesAndTeams } from './offices-teams'
import { OrganizationSettings } from './organization-settings'
import { UsersSettings } from './users-settings'

const TABS = [
  { tab: 'organization', label: 'Organization', allowed: (me: Me) => can(me, 'settings.manage') },
  { tab: 'users', label: 'Users', allowed: (me: Me) => can(me, 'users.manage') },
  {
    tab: 'offices',
    label: 'Offices & teams',
    allowed: (me: Me) => can(me, 'settings.manage') || can(me, 'users.manage'),
  },
  { tab: 'connections', label: 'Connections', allowed: (me: Me) => can(me, 'connections.manage') },
  { tab: 'forwarding', label: 'Forwarding', allowed: (me: Me) => can(me, 'settings.manage') },
] as const

export function SettingsPage({ me, tab }: { me: Me; tab: string }) {
  const tabs = TABS.filter((t) => t.allowed(me))
  const current = tabs.find((t) => t.tab === tab) ?? tabs[0]
  return (
    <div className="page">
      <PageHeader title="Settings" />
      <nav className="tabs" aria-label="Settings sections">
        {tabs.map((t) => (
          <Link
            key={t.tab}
            to={`/settings/${t.tab}`}
            className={`tab${t.tab === current?.tab ? ' is-active' : ''}`}
            aria-current={t.tab === current?.tab ? 'page' : undefined}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {current?.tab === 'organization' ? <OrganizationSettings key={me.organization.name} me={me} /> : null}
      {current?.tab === 'users' ? <UsersSettings me={me} /> : null}
      {current?.tab === 'offices' ? <OfficesAndTeams me={me} /> : null}
      {current?.tab === 'connections' ? <ConnectionsSettings /> : null}
      {current?.tab === 'forwarding' ? <ForwardingSettings /> : null}
    </div>
  )
}
