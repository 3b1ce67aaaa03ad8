import { AlertTriangle, Phone, Users, X } from 'lucide-react'
import { type KeyboardEvent, useId, useState } from 'react'
import { errorMessage } from '../../api/client'
import { parsePhoneNumber } from '../../api/messages'
import {
  displayName,
  fetchGroupMembers,
  type Group,
  type Person,
  useGroups,
  usePeopleSearch,
} from '../../api/people'
import { useDebounced } from '../../components/use-debounced'
import { formatPhone, plural } from '../../format'

export type Recipient =
  | { key: string; kind: 'person'; person: Person }
  | { key: string; kind: 'number'; number: string }
  /** A whole group, sent to on the server (compose): only with `wholeGroups`. */
  | { key: string; kind: 'group'; group: Group }

export function personRecipient(person: Person): Recipient {
  return { key: `p:${person.id}`, kind: 'person', person }
}

export function recipientLabel(recipient: Recipient): string {
  if (recipient.kind === 'group')
    return `${recipient.group.name} (${plural(recipient.group.memberCount, 'person', 'people')})`
  return recipient.kind === 'person' ? displayName(recipient.person) : formatPhone(recipient.number)
}

type Option =
  | { type: 'person'; person: Person }
  | { type: 'group'; group: Group }
  | { type: 'number'; text: string }

const looksLikeNumber = (text: string) => /^\+?[\d\s().-]{6,}$/.test(text.trim())

interface PickerProps {
  recipients: Recipient[]
  onChange: (recipients: Recipient[]) => void
  /** Offer record groups (a mailshot): only for users who may send in bulk. */
  allowGroups: boolean
  /** A group stays one recipient, every member texted by the server, instead of its members added one by one. */
  wholeGroups?: boolean
  label?: string
  placeholder?: string
  /** Why a recipient will be skipped (opted out, missing field), shown on its chip. */
  notes?: ReadonlyMap<string, string>
}

/** Recipients added one by one: people and groups found by name, or a number typed in. */
export function RecipientPicker({
  recipients,
  onChange,
  allowGroups,
  wholeGroups = false,
  label = 'To',
  placeholder,
  notes,
}: PickerProps) {
  const inputId = useId()
  const listId = useId()
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const q = useDebounced(text.trim(), 200)
  const people = usePeopleSearch(q, open)
  const groups = useGroups(allowGroups ? q : '')
  const options: Option[] = []
  if (looksLikeNumber(text)) options.push({ type: 'number', text: text.trim() })
  for (const person of people.data?.items ?? []) options.push({ type: 'person', person })
  if (allowGroups && q)
    for (const group of groups.data?.items.slice(0, 5) ?? []) options.push({ type: 'group', group })

  const add = (added: Recipient[]) => {
    const known = new Set(recipients.map((r) => r.key))
    onChange([...recipients, ...added.filter((r) => !known.has(r.key) && known.add(r.key))])
    setText('')
    setActive(0)
  }

  const choose = async (option: Option) => {
    setProblem(null)
    if (option.type === 'person') return add([personRecipient(option.person)])
    setBusy(true)
    try {
      if (option.type === 'group' && wholeGroups) {
        add([{ key: `g:${option.group.id}`, kind: 'group', group: option.group }])
      } else if (option.type === 'group') {
        const members = await fetchGroupMembers(option.group.id)
        add(members.map(personRecipient))
      } else {
        const parsed = await parsePhoneNumber(option.text)
        if (!parsed.valid || !parsed.e164) {
          setProblem(
            `“${option.text}” is not a valid phone number${parsed.reason ? `: ${parsed.reason}` : ''}.`,
          )
          return
        }
        if (parsed.isMobile === false) {
          setProblem(`${formatPhone(parsed.e164)} is not a mobile number and cannot receive texts.`)
          return
        }
        add([{ key: `n:${parsed.e164}`, kind: 'number', number: parsed.e164 }])
      }
    } catch (error) {
      setProblem(errorMessage(error))
    } finally {
      setBusy(false)
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setOpen(true)
      setActive((i) => Math.min(options.length - 1, i + 1))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((i) => Math.max(0, i - 1))
    } else if (event.key === 'Enter') {
      const option = options[active]
      if (option && open) {
        event.preventDefault()
        void choose(option)
      }
    } else if (event.key === 'Escape') {
      setOpen(false)
    } else if (event.key === 'Backspace' && text === '' && recipients.length > 0) {
      onChange(recipients.slice(0, -1))
    }
  }

  const showList = open && text.trim().length > 0
  return (
    <div className="recipient-picker">
      <label htmlFor={inputId} className="field-label">
        {label}
      </label>
      <div className="chips-input">
        <ul className="chips" aria-label="Recipients">
          {recipients.map((r) => {
            const note = notes?.get(r.key) ?? (r.kind === 'person' && !r.person.mobile ? 'no mobile' : null)
            return (
              <li key={r.key} className={`chip${note ? ' is-warning' : ''}`} data-testid="recipient-chip">
                {r.kind === 'number' ? <Phone size={12} aria-hidden="true" /> : null}
                {r.kind === 'group' ? <Users size={12} aria-hidden="true" /> : null}
                {note ? <AlertTriangle size={12} aria-hidden="true" /> : null}
                <span>
                  {recipientLabel(r)}
                  {note ? <span className="chip-note"> · {note}</span> : null}
                </span>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Remove ${recipientLabel(r)}`}
                  onClick={() => onChange(recipients.filter((x) => x.key !== r.key))}
                >
                  <X size={12} aria-hidden="true" />
                </button>
              </li>
            )
          })}
        </ul>
        <input
          id={inputId}
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showList && options[active] ? `${listId}-${active}` : undefined}
          autoComplete="off"
          placeholder={
            placeholder ??
            (recipients.length ? 'Add another…' : allowGroups ? 'Name, group or number' : 'Name or number')
          }
          value={text}
          disabled={busy}
          onChange={(event) => {
            setText(event.target.value)
            setOpen(true)
            setActive(0)
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={onKeyDown}
          data-testid="recipient-input"
        />
      </div>
      {showList ? (
        <div id={listId} role="listbox" className="options" aria-label="Suggestions">
          {options.length === 0 ? (
            <div className="option-empty">
              {people.isFetching ? 'Searching…' : 'Nobody found. Type a number to text it.'}
            </div>
          ) : null}
          {options.map((option, index) => (
            <div
              key={
                option.type === 'person'
                  ? option.person.id
                  : option.type === 'group'
                    ? option.group.id
                    : 'number'
              }
              id={`${listId}-${index}`}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              className={`option${index === active ? ' is-active' : ''}`}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => void choose(option)}
              onKeyDown={() => undefined}
            >
              {option.type === 'person' ? (
                <>
                  <span className="option-main">{displayName(option.person)}</span>
                  <span className={`option-side${option.person.mobile ? '' : ' is-warning'}`}>
                    {option.person.mobile ? formatPhone(option.person.mobile) : 'no mobile'}
                  </span>
                </>
              ) : option.type === 'group' ? (
                <>
                  <span className="option-main">
                    <Users size={14} aria-hidden="true" /> {option.group.name}
                  </span>
                  <span className="option-side">{plural(option.group.memberCount, 'person', 'people')}</span>
                </>
              ) : (
                <>
                  <span className="option-main">
                    <Phone size={14} aria-hidden="true" /> Text {option.text}
                  </span>
                  <span className="option-side">number</span>
                </>
              )}
            </div>
          ))}
        </div>
      ) : null}
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  )
}
