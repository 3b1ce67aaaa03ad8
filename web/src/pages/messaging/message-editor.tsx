import { Sparkles } from 'lucide-react'
import {
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
} from 'react'
import { usePreview } from '../../api/messages'
import { useDebounced } from '../../components/use-debounced'
import { plural } from '../../format'

interface MessageEditorProps {
  value: string
  onChange: (value: string) => void
  label: string
  /** Shown as the visible label when true; otherwise the label is for screen readers only. */
  showLabel?: boolean
  placeholder?: string
  disabled?: boolean
  /** Ctrl/Cmd+Enter. */
  onSubmit?: () => void
  minRows?: number
  maxHeight?: number
  /** Extra controls on the counter line (the send button, for example). */
  actions?: ReactNode
  autoFocus?: boolean
  /** A PDF is attached: its download link is added to the text and counted. */
  withLink?: boolean
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The draft with the characters that force UCS-2 marked, drawn behind the transparent textarea. */
function Highlights({ text, characters }: { text: string; characters: readonly string[] }) {
  const parts = useMemo(() => {
    if (characters.length === 0) return [text]
    const pattern = new RegExp(
      `(${[...characters]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|')})`,
      'u',
    )
    return text.split(pattern)
  }, [text, characters])
  return (
    <>
      {parts.map((part, index) =>
        // odd indexes are the captured characters
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one string have no other identity
        index % 2 === 1 ? <mark key={index}>{part}</mark> : <span key={index}>{part}</span>,
      )}
      {'\u200b'}
    </>
  )
}

/**
 * A message box with the live counter: characters, segments, encoding and credits, the characters
 * that force UCS-2 highlighted, and the cheaper GSM-7 version offered in one click.
 */
export function MessageEditor(props: MessageEditorProps) {
  const {
    value,
    onChange,
    label,
    placeholder,
    disabled,
    onSubmit,
    minRows = 3,
    maxHeight = 240,
    actions,
  } = props
  const id = useId()
  const counterId = useId()
  const textarea = useRef<HTMLTextAreaElement>(null)
  const backdrop = useRef<HTMLDivElement>(null)
  const debounced = useDebounced(value, 200)
  const preview = usePreview(debounced, props.withLink)
  const data = value.length > 0 ? preview.data : undefined
  const settled = debounced === value
  const nonGsm = data?.nonGsmCharacters ?? []

  // The box grows with its text. A box that is not laid out yet (inside a dialog that opens after
  // its children render) has no height to measure: it keeps its rows until it gets a width, and is
  // measured again whenever its width changes (the dialog opening, the window turning).
  const resize = useCallback(() => {
    const element = textarea.current
    if (!element) return
    if (element.clientWidth === 0) {
      element.style.height = ''
      return
    }
    element.style.height = 'auto'
    element.style.height = `${Math.min(element.scrollHeight + 2, maxHeight)}px`
    if (backdrop.current) backdrop.current.scrollTop = element.scrollTop
  }, [maxHeight])

  // biome-ignore lint/correctness/useExhaustiveDependencies: the height follows the text
  useLayoutEffect(resize, [value, resize])

  useEffect(() => {
    const element = textarea.current
    if (!element) return
    let width = element.clientWidth
    const observer = new ResizeObserver(() => {
      if (element.clientWidth === width) return
      width = element.clientWidth
      resize()
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [resize])

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && onSubmit) {
      event.preventDefault()
      onSubmit()
    }
  }

  const suggestion = settled ? data?.suggestion : null
  return (
    <div className={`message-editor${data?.tooLong ? ' is-too-long' : ''}`}>
      <label htmlFor={id} className={props.showLabel ? 'field-label' : 'visually-hidden'}>
        {label}
      </label>
      <div className="editor-area">
        <div ref={backdrop} className="editor-backdrop" aria-hidden="true">
          <Highlights text={value} characters={nonGsm} />
        </div>
        <textarea
          ref={textarea}
          id={id}
          className="editor-input"
          value={value}
          rows={minRows}
          placeholder={placeholder}
          disabled={disabled}
          aria-describedby={counterId}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          onScroll={(event) => {
            if (backdrop.current) backdrop.current.scrollTop = event.currentTarget.scrollTop
          }}
          // biome-ignore lint/a11y/noAutofocus: opening a composer means typing in it
          autoFocus={props.autoFocus}
        />
      </div>
      <div className="editor-footer">
        <p id={counterId} className="counter" aria-live="polite" data-testid="counter">
          {data ? (
            <>
              <span>{plural(data.characters, 'character')}</span>
              <span>{plural(data.segments, 'segment')}</span>
              <span className={data.encoding === 'UCS-2' ? 'encoding-ucs2' : undefined}>{data.encoding}</span>
              <span>{plural(data.credits, 'credit')}</span>
            </>
          ) : (
            <span>{value ? 'Counting…' : '0 characters · 160 per segment'}</span>
          )}
          {data && props.withLink ? <span>download link included</span> : null}
        </p>
        {actions ? <div className="editor-actions">{actions}</div> : null}
      </div>
      {data?.tooLong ? (
        <p className="editor-warning" role="alert">
          Too long: {plural(data.segments, 'segment')}; your organization allows at most {data.maxSegments}.
        </p>
      ) : null}
      {data && data.encoding === 'UCS-2' && nonGsm.length > 0 ? (
        <div className="editor-hint">
          <span>
            {nonGsm.map((c) => (
              <code key={c} className="char">
                {c}
              </code>
            ))}{' '}
            {nonGsm.length === 1 ? 'needs' : 'need'} Unicode (UCS-2): 70 characters per segment instead of
            160.
          </span>
          {suggestion ? (
            <button
              type="button"
              className="button button-small button-accent"
              onClick={() => onChange(suggestion.body)}
            >
              <Sparkles size={14} aria-hidden="true" />
              Replace{' '}
              {suggestion.replacements
                .map((r) => `${r.character} with ${r.replacement || 'nothing'}`)
                .join(', ')}
              {suggestion.segmentsSaved > 0
                ? ` (saves ${plural(suggestion.segmentsSaved, 'segment')})`
                : ' (GSM-7)'}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}
