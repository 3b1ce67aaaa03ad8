import { Bell, Coins, LogOut, Mail, Menu } from 'lucide-react'
import { useEffect, useRef, useState } from 'react'
import { LOW_CREDIT_THRESHOLD, useCreditBalance } from '../../api/credits'
import { useNotifications } from '../../api/notifications'
import { useOffices, useTeams } from '../../api/organization'
import { type Me, useLogout, useUpdateMe } from '../../api/session'
import { Avatar } from '../../components/misc'
import { Link } from '../../router'

function UserMenu({ me }: { me: Me }) {
  const [open, setOpen] = useState(false)
  const logout = useLogout()
  const updateMe = useUpdateMe()
  const offices = useOffices()
  const teams = useTeams()
  const root = useRef<HTMLDivElement>(null)
  const office = offices.data?.items.find((o) => o.id === me.user.officeId)?.name
  const team = teams.data?.items.find((t) => t.id === me.user.team1Id)?.name
  const where = [office, team].filter(Boolean).join(' · ')
  useEffect(() => {
    if (!open) return
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !root.current?.contains(event.target as Node)
      )
        setOpen(false)
    }
    window.addEventListener('mousedown', close)
    window.addEventListener('keydown', close)
    return () => {
      window.removeEventListener('mousedown', close)
      window.removeEventListener('keydown', close)
    }
  }, [open])
  return (
    <div className="user-menu" ref={root}>
      <button
        type="button"
        className="user-button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        data-testid="user-menu"
      >
        <Avatar name={me.user.name} size="small" />
        <span className="user-button-text">
          <span className="user-name">{me.user.name}</span>
          {where ? <span className="user-where">{where}</span> : null}
        </span>
      </button>
      {open ? (
        <div className="menu" role="menu">
          <div className="menu-info">
            <strong>{me.user.name}</strong>
            <span>{me.user.email}</span>
            <span>
              {me.organization.name}
              {where ? ` · ${where}` : ''}
            </span>
            <span className="menu-role">{me.user.role}</span>
          </div>
          <button
            type="button"
            role="menuitemcheckbox"
            aria-checked={me.user.emailReplies}
            className="menu-item"
            disabled={updateMe.isPending}
            title="The replies you are told of also come by e-mail, a burst of them in one e-mail"
            onClick={() => updateMe.mutate({ emailReplies: !me.user.emailReplies })}
          >
            <Mail size={16} aria-hidden="true" /> E-mail me replies: {me.user.emailReplies ? 'on' : 'off'}
          </button>
          <button type="button" role="menuitem" className="menu-item" onClick={() => logout.mutate()}>
            <LogOut size={16} aria-hidden="true" /> Sign out
          </button>
        </div>
      ) : null}
    </div>
  )
}

export function TopBar({ me, onMenu, onBell }: { me: Me; onMenu: () => void; onBell: () => void }) {
  const credits = useCreditBalance()
  const notifications = useNotifications()
  const unread = notifications.data?.items.length ?? 0
  const balance = credits.data?.balance
  const tone =
    balance === undefined ? '' : balance <= 0 ? ' is-empty' : balance < LOW_CREDIT_THRESHOLD ? ' is-low' : ''
  return (
    <header className="top-bar">
      <button type="button" className="icon-button menu-button" aria-label="Open menu" onClick={onMenu}>
        <Menu size={20} aria-hidden="true" />
      </button>
      <Link to="/inbox" className="brand">
        <span className="brand-mark" aria-hidden="true">
          P
        </span>
        <span className="brand-name">Parley</span>
      </Link>
      <span className="org-name">{me.organization.name}</span>
      <div className="top-bar-right">
        <Link
          to="/credits"
          className={`credit-pill${tone}`}
          data-testid="credit-balance"
          aria-label={`Credit balance: ${balance ?? '…'}`}
        >
          <Coins size={16} aria-hidden="true" />
          <span>{balance === undefined ? '…' : balance.toLocaleString()}</span>
        </Link>
        <button
          type="button"
          className="icon-button bell"
          aria-label={unread ? `Notifications, ${unread} not cleared` : 'Notifications'}
          onClick={onBell}
          data-testid="bell"
        >
          <Bell size={20} aria-hidden="true" />
          {unread ? (
            <span className="bell-count" aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
          ) : null}
        </button>
        <UserMenu me={me} />
      </div>
    </header>
  )
}
