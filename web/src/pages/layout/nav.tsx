import {
  Briefcase,
  Building2,
  Coins,
  FileText,
  Handshake,
  Inbox,
  type LucideIcon,
  Megaphone,
  MessagesSquare,
  PenSquare,
  Settings,
  Smartphone,
  Users,
  UsersRound,
} from 'lucide-react'
import { can, type Me, type Permission } from '../../api/session'
import { Link, useLocation } from '../../router'

interface NavItem {
  to: string
  label: string
  icon: LucideIcon
  /** Any one of these is enough; none listed means everyone. */
  anyOf?: Permission[]
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/inbox', label: 'Inbox', icon: Inbox },
  { to: '/messages', label: 'Messages', icon: MessagesSquare },
  { to: '/compose', label: 'New message', icon: PenSquare, anyOf: ['sms.send'] },
  { to: '/mailshots', label: 'Mailshots', icon: Megaphone, anyOf: ['sms.send_bulk'] },
  { to: '/people', label: 'People', icon: Users },
  { to: '/jobs', label: 'Jobs', icon: Briefcase },
  { to: '/placements', label: 'Placements', icon: Handshake },
  { to: '/companies', label: 'Companies', icon: Building2 },
  { to: '/groups', label: 'Groups', icon: UsersRound },
  { to: '/templates', label: 'Templates', icon: FileText },
  { to: '/credits', label: 'Credits', icon: Coins },
  { to: '/simulator', label: 'Phone simulator', icon: Smartphone },
  {
    to: '/settings',
    label: 'Settings',
    icon: Settings,
    anyOf: ['settings.manage', 'users.manage', 'connections.manage'],
  },
]

export function mayOpen(me: Me, item: Pick<NavItem, 'anyOf'>): boolean {
  return !item.anyOf || item.anyOf.some((permission) => can(me, permission))
}

export function Nav({ me, onNavigate }: { me: Me; onNavigate?: () => void }) {
  const { path } = useLocation()
  return (
    <nav className="nav" aria-label="Main">
      <ul>
        {NAV_ITEMS.filter((item) => mayOpen(me, item)).map((item) => {
          const active = path === item.to || path.startsWith(`${item.to}/`)
          const Icon = item.icon
          return (
            <li key={item.to}>
              <Link
                to={item.to}
                className={`nav-link${active ? ' is-active' : ''}`}
                aria-current={active ? 'page' : undefined}
                onClick={onNavigate}
              >
                <Icon size={18} aria-hidden="true" />
                <span>{item.label}</span>
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
