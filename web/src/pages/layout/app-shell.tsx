import { useQueryClient } from '@tanstack/react-query'
import { type ReactNode, useCallback, useEffect, useState } from 'react'
import type { Me } from '../../api/session'
import { ToastViewport } from '../../components/toast'
import { connectRealtime } from '../../realtime'
import { useLocation } from '../../router'
import { CreditBanner } from './credit-banner'
import { Nav } from './nav'
import { NotificationPanel } from './notification-panel'
import { TopBar } from './top-bar'

export function AppShell({ me, children }: { me: Me; children: ReactNode }) {
  const queryClient = useQueryClient()
  const [menuOpen, setMenuOpen] = useState(false)
  const [bellOpen, setBellOpen] = useState(false)
  const { path } = useLocation()
  useEffect(() => connectRealtime(queryClient), [queryClient])
  // a page change closes the drawer on phones
  // biome-ignore lint/correctness/useExhaustiveDependencies: path is the trigger, not a value read
  useEffect(() => setMenuOpen(false), [path])
  const closeBell = useCallback(() => {
    setBellOpen(false)
    // give the focus back to where the panel was opened from
    document.querySelector<HTMLElement>('[data-testid="bell"]')?.focus()
  }, [])
  return (
    <div className={`shell${menuOpen ? ' menu-open' : ''}`}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <TopBar me={me} onMenu={() => setMenuOpen((v) => !v)} onBell={() => setBellOpen((v) => !v)} />
      <div className="shell-body">
        <aside className="sidebar">
          <Nav me={me} onNavigate={() => setMenuOpen(false)} />
        </aside>
        {menuOpen ? (
          <button
            type="button"
            className="scrim scrim-menu"
            aria-label="Close menu"
            tabIndex={-1}
            onClick={() => setMenuOpen(false)}
          />
        ) : null}
        <div className="content">
          <CreditBanner me={me} />
          <main id="main" className="main" tabIndex={-1}>
            {children}
          </main>
        </div>
      </div>
      {bellOpen ? <NotificationPanel onClose={closeBell} /> : null}
      <ToastViewport />
    </div>
  )
}
