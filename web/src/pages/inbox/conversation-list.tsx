import { useQueries } from '@tanstack/react-query'
import { useVirtualizer } from '@tanstack/react-virtual'
import { CalendarRange, Inbox, Search, Users } from 'lucide-react'
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react'
import { api, errorMessage } from '../../api/client'
import {
  type ConversationDetail,
  type ConversationFilter,
  type ConversationSummary,
  conversationKeys,
  useConversations,
} from '../../api/conversations'
import { ErrorNote } from '../../components/dialog'
import { Avatar, EmptyState, Spinner } from '../../components/misc'
import { useDebounced } from '../../components/use-debounced'
import { dayStartIso, formatListTime, formatPhone } from '../../format'
import { Link } from '../../router'

const ROW_HEIGHT = 76

/**
 * Names for the rows on screen whose conversation has no person of its own (the list leaves
 * `personName` empty when the conversation began with an outgoing text); the record card knows them.
 */
function useFallbackNames(rows: ConversationSummary[]): Map<string, string> {
  // only a conversation begun by an outgoing text can lack the person it was sent to
  const missing = rows.filter((c) => !c.personName && c.lastMessageDirection === 'outbound')
  const results = useQueries({
    queries: missing.map((c) => ({
      queryKey: conversationKeys.detail(c.id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<ConversationDetail>(`/api/v1/conversations/${encodeURIComponent(c.id)}`, { signal }),
      staleTime: 60_000,
    })),
  })
  const names = new Map<string, string>()
  results.forEach((result, index) => {
    const id = missing[index]?.id
    const people = result.data?.people ?? []
    const first = people[0]
    if (id && first) names.set(id, people.length > 1 ? `${first.name} +${people.length - 1}` : first.name)
  })
  return names
}

function conversationTitle(c: Pick<ConversationSummary, 'personName' | 'phone'>): string {
  return c.personName || formatPhone(c.phone)
}

function Row({
  conversation,
  selected,
  tabStop,
}: {
  conversation: ConversationSummary
  selected: boolean
  /** The one row of the list that Tab reaches (roving tabindex); arrow keys move it. */
  tabStop: boolean
}) {
  const title = conversationTitle(conversation)
  const named = Boolean(conversation.personName)
  const unread = conversation.unreadCount > 0
  const preview = conversation.lastMessagePreview
  return (
    <Link
      to={`/inbox/${encodeURIComponent(conversation.id)}`}
      className={`conversation-row${selected ? ' is-selected' : ''}${unread ? ' is-unread' : ''}`}
      aria-current={selected ? 'true' : undefined}
      tabIndex={tabStop ? 0 : -1}
      data-conversation-id={conversation.id}
      data-testid="conversation-row"
    >
      <Avatar name={named ? title : '#'} />
      <span className="conversation-row-text">
        <span className="conversation-row-top">
          <span className={`conversation-row-title${named ? '' : ' is-number'}`}>{title}</span>
          {conversation.personCount > 1 ? (
            <Users
              size={13}
              aria-label={`${conversation.personCount} people share this number`}
              className="shared-flag"
            />
          ) : null}
          <time className="conversation-row-time" dateTime={conversation.lastMessageAt}>
            {formatListTime(conversation.lastMessageAt)}
          </time>
        </span>
        <span className="conversation-row-bottom">
          <span className="conversation-row-preview">
            {conversation.lastMessageDirection === 'outbound' ? <span className="you">You: </span> : null}
            {preview || <em>No messages</em>}
          </span>
          {unread ? (
            <span className="unread-dot" role="img" aria-label={`${conversation.unreadCount} unread`}>
              {conversation.unreadCount > 9 ? '9+' : conversation.unreadCount}
            </span>
          ) : null}
        </span>
      </span>
    </Link>
  )
}

function Filters({
  filter,
  onChange,
}: {
  filter: ConversationFilter
  onChange: (f: ConversationFilter) => void
}) {
  const [text, setText] = useState(filter.q ?? '')
  const [showDates, setShowDates] = useState(Boolean(filter.from || filter.to))
  const [fromDay, setFromDay] = useState('')
  const [toDay, setToDay] = useState('')
  const q = useDebounced(text.trim(), 250)
  const filterRef = useRef(filter)
  filterRef.current = filter
  useEffect(() => {
    if ((filterRef.current.q ?? '') !== q) onChange({ ...filterRef.current, q: q || undefined })
  }, [q, onChange])
  const setDates = (from: string, to: string) => {
    setFromDay(from)
    setToDay(to)
    // `to` is exclusive on the server: the day after the chosen last day
    const next = to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : ''
    onChange({
      ...filter,
      from: from ? dayStartIso(from) : undefined,
      to: next ? dayStartIso(next) : undefined,
    })
  }
  return (
    <div className="list-filters">
      <fieldset className="segmented" aria-label="Which conversations">
        {(['mine', 'shared'] as const).map((scope) => (
          <button
            key={scope}
            type="button"
            aria-pressed={filter.scope === scope}
            className={filter.scope === scope ? 'is-active' : ''}
            onClick={() => onChange({ ...filter, scope })}
          >
            {scope === 'mine' ? 'Mine' : 'Shared'}
          </button>
        ))}
      </fieldset>
      <button
        type="button"
        className={`icon-button${filter.unread ? ' is-active' : ''}`}
        aria-pressed={Boolean(filter.unread)}
        aria-label="Unread only"
        title="Unread only"
        onClick={() => onChange({ ...filter, unread: !filter.unread || undefined })}
      >
        <Inbox size={18} aria-hidden="true" />
      </button>
      <button
        type="button"
        className={`icon-button${filter.from || filter.to ? ' is-active' : ''}`}
        aria-expanded={showDates}
        aria-label="Filter by date"
        title="Filter by date"
        onClick={() => setShowDates((v) => !v)}
      >
        <CalendarRange size={18} aria-hidden="true" />
      </button>
      <label className="search-field">
        <Search size={16} aria-hidden="true" />
        <span className="visually-hidden">Search conversations</span>
        <input
          type="search"
          placeholder="Search name or number"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      {showDates ? (
        <div className="date-filter">
          <label>
            <span>From</span>
            <input type="date" value={fromDay} onChange={(event) => setDates(event.target.value, toDay)} />
          </label>
          <label>
            <span>To</span>
            <input type="date" value={toDay} onChange={(event) => setDates(fromDay, event.target.value)} />
          </label>
          {fromDay || toDay ? (
            <button type="button" className="button button-small" onClick={() => setDates('', '')}>
              Clear
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

/**
 * The conversation list, virtualized: only the rows on screen are in the DOM, and pages load as
 * the list scrolls, so 10,000 conversations scroll as smoothly as 10.
 */
export function ConversationList({
  filter,
  onFilterChange,
  selectedId,
}: {
  filter: ConversationFilter
  onFilterChange: (filter: ConversationFilter) => void
  selectedId: string | null
}) {
  const query = useConversations(filter)
  const items = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data])
  const scroller = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })
  const virtualItems = virtualizer.getVirtualItems()
  const visible = virtualItems.flatMap((row) =>
    items[row.index] ? [items[row.index] as ConversationSummary] : [],
  )
  const fallbackNames = useFallbackNames(visible)
  const lastIndex = virtualItems.at(-1)?.index ?? 0
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= items.length - 30) void fetchNextPage()
  }, [lastIndex, items.length, hasNextPage, isFetchingNextPage, fetchNextPage])

  // Roving tabindex: the list is one tab stop (the open conversation's row, else the first); Up,
  // Down, Home and End move the focus between rows, Enter opens the focused one.
  const [activeId, setActiveId] = useState<string | null>(selectedId)
  useEffect(() => {
    if (selectedId) setActiveId(selectedId)
  }, [selectedId])
  const activeIndex = Math.max(
    0,
    items.findIndex((c) => c.id === activeId),
  )
  const tabStopId = items[activeIndex]?.id ?? null
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      Home: 0,
      End: items.length - 1,
    }
    const wanted = moves[event.key]
    if (wanted === undefined || event.altKey || event.ctrlKey || event.metaKey) return
    event.preventDefault()
    const next = Math.max(0, Math.min(items.length - 1, wanted))
    const target = items[next]
    if (!target) return
    setActiveId(target.id)
    virtualizer.scrollToIndex(next, { align: 'auto' })
    const focusRow = (triesLeft: number) => {
      const row = scroller.current?.querySelector<HTMLElement>(
        `[data-conversation-id="${CSS.escape(target.id)}"]`,
      )
      // a row scrolled into view is rendered on the next frame or two
      if (row) row.focus()
      else if (triesLeft > 0) requestAnimationFrame(() => focusRow(triesLeft - 1))
    }
    focusRow(5)
  }

  return (
    <section className="conversation-list" aria-label="Conversations">
      <Filters filter={filter} onChange={onFilterChange} />
      {query.error ? <ErrorNote message={errorMessage(query.error)} /> : null}
      {query.isLoading ? (
        <div className="centered">
          <Spinner label="Loading conversations" />
        </div>
      ) : items.length === 0 ? (
        <EmptyState
          icon={Inbox}
          title={filter.q || filter.from || filter.unread ? 'No matches' : 'No conversations yet'}
        >
          {filter.scope === 'mine' && !filter.q ? 'Conversations you take part in appear here.' : null}
        </EmptyState>
      ) : (
        // biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move the focus between the links inside
        <div
          ref={scroller}
          className="conversation-scroller"
          onKeyDown={onKeyDown}
          data-testid="conversation-scroller"
        >
          <ul className="virtual-list" style={{ height: virtualizer.getTotalSize() }}>
            {virtualItems.map((row) => {
              const conversation = items[row.index]
              if (!conversation) return null
              return (
                <li
                  key={conversation.id}
                  className="virtual-row"
                  style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                >
                  <Row
                    conversation={
                      conversation.personName
                        ? conversation
                        : { ...conversation, personName: fallbackNames.get(conversation.id) ?? null }
                    }
                    selected={conversation.id === selectedId}
                    tabStop={conversation.id === tabStopId}
                  />
                </li>
              )
            })}
          </ul>
          {isFetchingNextPage ? (
            <div className="centered small">
              <Spinner label="Loading more" />
            </div>
          ) : null}
        </div>
      )}
    </section>
  )
}

export { conversationTitle }
