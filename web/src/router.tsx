import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react'

/**
 * A small history router: the app has a dozen flat routes, so matching `/a/:b` patterns is all it
 * needs. The server answers every page URL with index.html.
 */
const NAVIGATED = 'parley:navigate'

function subscribe(callback: () => void): () => void {
  window.addEventListener('popstate', callback)
  window.addEventListener(NAVIGATED, callback)
  return () => {
    window.removeEventListener('popstate', callback)
    window.removeEventListener(NAVIGATED, callback)
  }
}

const currentUrl = () => `${window.location.pathname}${window.location.search}`

export function useLocation(): { path: string; search: URLSearchParams } {
  const url = useSyncExternalStore(subscribe, currentUrl)
  const parsed = new URL(url, window.location.origin)
  return { path: parsed.pathname, search: parsed.searchParams }
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentUrl()) return
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.dispatchEvent(new Event(NAVIGATED))
}

/** `/people/:id` against `/people/42` gives `{ id: '42' }`; null when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean)
  const have = path.split('/').filter(Boolean)
  const optional = want.filter((part) => part.endsWith('?')).length
  if (have.length > want.length || have.length < want.length - optional) return null
  const params: Record<string, string> = {}
  for (const [index, part] of want.entries()) {
    const value = have[index]
    if (part.startsWith(':')) {
      if (value !== undefined) params[part.slice(1).replace(/\?$/, '')] = decodeURIComponent(value)
    } else if (part !== value) {
      return null
    }
  }
  return params
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }

export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(to)
  }
  return <a href={to} onClick={handle} {...rest} />
}
