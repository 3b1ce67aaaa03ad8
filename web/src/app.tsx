import { useQueryClient } from '@tanstack/react-query'
import { Lock } from 'lucide-react'
import { type ReactNode, useEffect } from 'react'
import { errorMessage, onUnauthorized } from './api/client'
import { isMessageView } from './api/messages'
import { type Me, meKey, useMe } from './api/session'
import { EmptyState, Spinner } from './components/misc'
import { setDisplayTimeZone } from './format'
import { ComposePage } from './pages/compose/compose.page'
import { CreditsPage } from './pages/credits/credits.page'
import { InboxPage } from './pages/inbox/inbox.page'
import { AppShell } from './pages/layout/app-shell'
import { mayOpen, NAV_ITEMS } from './pages/layout/nav'
import { LoginPage } from './pages/login/login.page'
import { MailshotPage } from './pages/mailshots/mailshot.page'
import { MailshotsPage } from './pages/mailshots/mailshots.page'
import { NewMailshotPage } from './pages/mailshots/new-mailshot.page'
import { MessagesPage } from './pages/messages/messages.page'
import { PeoplePage } from './pages/people/people.page'
import { PersonPage } from './pages/people/person.page'
import { CompaniesPage } from './pages/records/companies.page'
import { CompanyPage } from './pages/records/company.page'
import { GroupPage } from './pages/records/group.page'
import { GroupsPage } from './pages/records/groups.page'
import { JobPage } from './pages/records/job.page'
import { JobsPage } from './pages/records/jobs.page'
import { PlacementPage } from './pages/records/placement.page'
import { PlacementsPage } from './pages/records/placements.page'
import { SettingsPage } from './pages/settings/settings.page'
import { SimulatorPage } from './pages/simulator/simulator.page'
import { TemplatesPage } from './pages/templates/templates.page'
import { Link, matchPath, navigate, useLocation } from './router'

function NoAccess() {
  return (
    <EmptyState icon={Lock} title="You do not have access to this page">
      Ask an admin for the permission, or go back to the <Link to="/inbox">inbox</Link>.
    </EmptyState>
  )
}

/** Refuses a page the user lacks the permission for, whatever the URL typed. */
function Guard({ me, path, children }: { me: Me; path: string; children: ReactNode }) {
  const item = NAV_ITEMS.find((i) => path === i.to || path.startsWith(`${i.to}/`))
  if (item && !mayOpen(me, item)) return <NoAccess />
  return children
}

type Render = (me: Me, params: Record<string, string>) => ReactNode

const ROUTES: [pattern: string, render: Render][] = [
  ['/inbox/:id?', (me, p) => <InboxPage me={me} conversationId={p.id ?? null} />],
  [
    '/messages/:view?',
    (me, p) => {
      const view = p.view ?? 'all'
      return isMessageView(view) ? <MessagesPage key={view} me={me} view={view} /> : null
    },
  ],
  ['/compose', (me) => <ComposePage me={me} />],
  ['/mailshots', (me) => <MailshotsPage me={me} />],
  ['/mailshots/new', (me) => <NewMailshotPage me={me} />],
  ['/mailshots/:id', (me, p) => <MailshotPage key={p.id} me={me} campaignId={p.id ?? ''} />],
  ['/templates', (me) => <TemplatesPage me={me} />],
  ['/people', (me) => <PeoplePage me={me} />],
  ['/people/:id', (me, p) => <PersonPage me={me} personId={p.id ?? ''} />],
  ['/jobs', () => <JobsPage />],
  ['/jobs/:id', (me, p) => <JobPage key={p.id} me={me} jobId={p.id ?? ''} />],
  ['/placements', () => <PlacementsPage />],
  ['/placements/:id', (me, p) => <PlacementPage key={p.id} me={me} placementId={p.id ?? ''} />],
  ['/companies', () => <CompaniesPage />],
  ['/companies/:id', (me, p) => <CompanyPage key={p.id} me={me} companyId={p.id ?? ''} />],
  ['/groups', () => <GroupsPage />],
  ['/groups/:id', (me, p) => <GroupPage key={p.id} me={me} groupId={p.id ?? ''} />],
  ['/credits', (me) => <CreditsPage me={me} />],
  ['/simulator', (me) => <SimulatorPage me={me} />],
  ['/settings/:tab?', (me, p) => <SettingsPage me={me} tab={p.tab ?? 'organization'} />],
]

function Routes({ me }: { me: Me }) {
  const { path } = useLocation()
  useEffect(() => {
    if (path === '/' || path === '/login') navigate('/inbox', { replace: true })
  }, [path])
  let page: ReactNode = null
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path)
    if (params) {
      page = render(me, params)
      break
    }
  }
  return (
    <Guard me={me} path={path}>
      {page ?? (
        <EmptyState icon={Lock} title="Page not found">
          <Link to="/inbox">Go to the inbox</Link>
        </EmptyState>
      )}
    </Guard>
  )
}

export function App() {
  const queryClient = useQueryClient()
  const me = useMe()
  useEffect(
    () =>
      onUnauthorized(() => {
        queryClient.setQueryData(meKey, null)
      }),
    [queryClient],
  )
  // set while rendering, not in an effect: a page opened directly (/compose, /mailshots/new)
  // computes its defaults (send later at now + 1 h, the mailshot's name) in its first render
  setDisplayTimeZone(me.data?.user.timeZone)
  if (me.isLoading) {
    return (
      <div className="boot">
        <Spinner label="Starting Parley" />
      </div>
    )
  }
  if (me.error) {
    return (
      <div className="boot">
        <p role="alert">{errorMessage(me.error)}</p>
      </div>
    )
  }
  if (!me.data) return <LoginPage />
  return (
    <AppShell me={me.data}>
      <Routes me={me.data} />
    </AppShell>
  )
}
