import { useQueryClient } from '@tanstack/react-query'
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react'
import type { Me } from '../../api/session'
import { ToastViewport } from '../../components/toast'
import { connectRealtime } from '../../realtime'
import { useLocation } from '../../router'
import { CreditBanner } from './credit-banner'
import { Nav } from './nav'
import { NotificationPanel } from './notification-panel'
import { TopBar } from './top-bar'

/**
 * After a navigation the focus moves to the new page's heading (its h1, focusable with
 * tabindex=-1), so a keyboard or screen-reader user starts at the page rather than at the link
 * they followed. A page that shows its heading once its data has loaded gets it then, unless the
 * user has put the focus somewhere else meanwhile.
 */
function useFocusHeadingOnNavigate(path: string): void {
  const first = useRef(true)
  useEffect(() => {
    void path // the trigger: each new page
    if (first.current) {
      first.current = false
      return
    }
    const main = document.getElementById('main')
    if (!main) return
    const startedFrom = document.activeElement
    const focusHeading = (): boolean => {
      const heading = main.querySelector<HTMLElement>('h1')
      if (!heading) return false
      if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1
      heading.focus({ preventScroll: true })
      return true
    }
    if (focusHeading()) return
    const observer = new MutationObserver(() => {
      const moved = document.activeElement !== startedFrom && document.activeElement !== document.body
      if (moved || focusHeading()) observer.disconnect()
    })
    observer.observe(main, { childList: true, subtree: true })
    return () => observer.disconnect()
  }, [path])
}

export function AppShell({ me, children }: { me: Me; children: ReactNode }) {
  const queryClient = useQueryClient()
  const [menuOpen, setMenuOpen] = useState(false)
  const [bellOpen, setBellOpen] = useState(false)
  const { path } = useLocation()
  useEffect(() => connectRealtime(queryClient), [queryClient])
  useFocusHeadingOnNavigate(path)
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
