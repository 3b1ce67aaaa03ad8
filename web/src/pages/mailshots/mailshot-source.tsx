import { FileSpreadsheet, Search, Users, UsersRound } from 'lucide-react'
import type { ChangeEvent } from 'react'
import type { CampaignSource } from '../../api/campaigns'
import { type PeopleFilter, useGroups } from '../../api/people'
import { plural } from '../../format'
import { Link } from '../../router'

/** The sources the mailshot form offers; `recipients` is what compose sends to. */
export type SourceKind = Exclude<CampaignSource['type'], 'recipients'>

export interface SourceState {
  kind: SourceKind
  personIds: string[]
  filter: PeopleFilter
  groupId: string
  csv: { fileName: string; text: string; rows: number } | null
}

export function initialSource(handed: CampaignSource | null): SourceState {
  return {
    kind: handed && handed.type !== 'recipients' ? handed.type : 'group',
    personIds: handed?.type === 'people' ? handed.personIds : [],
    filter: handed?.type === 'search' ? handed.filter : {},
    groupId: handed?.type === 'group' ? handed.groupId : '',
    csv: null,
  }
}

/** The source the API takes, or why there is none yet. */
export function toSource(state: SourceState): CampaignSource | string {
  switch (state.kind) {
    case 'people':
      return state.personIds.length
        ? { type: 'people', personIds: state.personIds }
        : 'Choose people on the People page first.'
    case 'search':
      return { type: 'search', filter: state.filter }
    case 'group':
      return state.groupId ? { type: 'group', groupId: state.groupId } : 'Choose a group.'
    case 'csv':
      return state.csv ? { type: 'csv', csv: state.csv.text } : 'Choose a CSV file.'
  }
}

const KINDS: { kind: SourceKind; label: string; icon: typeof Users }[] = [
  { kind: 'people', label: 'Chosen people', icon: Users },
  { kind: 'search', label: 'A search', icon: Search },
  { kind: 'group', label: 'A group', icon: UsersRound },
  { kind: 'csv', label: 'A CSV file', icon: FileSpreadsheet },
]

function describeFilter(filter: PeopleFilter, groupName: (id: string) => string | undefined): string {
  const parts: string[] = []
  if (filter.q) parts.push(`matching “${filter.q}”`)
  if (filter.kind) parts.push(filter.kind === 'candidate' ? 'candidates only' : 'contacts only')
  if (filter.tag) parts.push(`tagged ${filter.tag}`)
  if (filter.groupId) parts.push(`in ${groupName(filter.groupId) ?? 'a group'}`)
  if (filter.hasMobile) parts.push('with a mobile')
  return parts.length ? parts.join(', ') : 'everyone in your records'
}

/** Who the mailshot goes to: the people chosen, a saved search, a group, or an uploaded list. */
export function MailshotSource({
  state,
  onChange,
  onError,
}: {
  state: SourceState
  onChange: (state: SourceState) => void
  onError: (message: string) => void
}) {
  const groups = useGroups()
  const groupName = (id: string) => groups.data?.items.find((g) => g.id === id)?.name
  const setFilter = (changes: Partial<PeopleFilter>) => {
    const filter: Record<string, unknown> = { ...state.filter, ...changes }
    for (const key of Object.keys(filter)) if (filter[key] === '' || filter[key] === false) delete filter[key]
    onChange({ ...state, filter: filter as PeopleFilter })
  }
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    if (!file) return
    const text = await file.text()
    const lines = text.split(/\r?\n/).filter((line) => line.trim()).length
    if (lines < 2) {
      onError(`${file.name} has no rows under its header line.`)
      return
    }
    onChange({ ...state, csv: { fileName: file.name, text, rows: lines - 1 } })
  }
  return (
    <fieldset className="fieldset">
      <legend>Recipients</legend>
      <div className="choices" role="radiogroup" aria-label="Send to">
        {KINDS.filter((k) => k.kind !== 'people' || state.personIds.length > 0).map(
          ({ kind, label, icon }) => {
            const Icon = icon
            return (
              <label key={kind} className={`choice${state.kind === kind ? ' is-active' : ''}`}>
                <input
                  type="radio"
                  name="source"
                  value={kind}
                  checked={state.kind === kind}
                  onChange={() => onChange({ ...state, kind })}
                />
                <Icon size={15} aria-hidden="true" /> {label}
              </label>
            )
          },
        )}
      </div>
      {state.kind === 'people' ? (
        <p data-testid="source-summary">
          <strong>{plural(state.personIds.length, 'person', 'people')}</strong> chosen on the{' '}
          <Link to="/people">People page</Link>.
        </p>
      ) : null}
      {state.kind === 'search' ? (
        <>
          <p data-testid="source-summary">
            Everyone {describeFilter(state.filter, groupName)}, as found when the mailshot is sent.
          </p>
          <div className="form-row">
            <label className="field grow">
              <span className="field-label">Search</span>
              <input
                type="search"
                value={state.filter.q ?? ''}
                placeholder="Name, email or phone"
                onChange={(e) => setFilter({ q: e.target.value })}
              />
            </label>
            <label className="field">
              <span className="field-label">Kind</span>
              <select
                value={state.filter.kind ?? ''}
                onChange={(e) => setFilter({ kind: (e.target.value || undefined) as PeopleFilter['kind'] })}
              >
                <option value="">Everyone</option>
                <option value="candidate">Candidates</option>
                <option value="contact">Contacts</option>
              </select>
            </label>
            <label className="field">
              <span className="field-label">Tag</span>
              <input
                value={state.filter.tag ?? ''}
                size={10}
                onChange={(e) => setFilter({ tag: e.target.value })}
              />
            </label>
          </div>
        </>
      ) : null}
      {state.kind === 'group' ? (
        <label className="field">
          <span className="field-label">Group</span>
          <select value={state.groupId} onChange={(e) => onChange({ ...state, groupId: e.target.value })}>
            <option value="">Choose a group…</option>
            {groups.data?.items.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name} ({plural(g.memberCount, 'person', 'people')})
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {state.kind === 'csv' ? (
        <div className="field">
          <label className="field-label" htmlFor="mailshot-csv">
            CSV file
          </label>
          <input id="mailshot-csv" type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e)} />
          <span className="field-help">
            A header line with <code>mobile</code> and any of <code>first_name</code>, <code>last_name</code>,{' '}
            <code>email</code>, <code>job_title</code> and <code>custom.&lt;key&gt;</code>; one person per
            line.
          </span>
          {state.csv ? (
            <p data-testid="source-summary">
              <strong>{state.csv.fileName}</strong>: {plural(state.csv.rows, 'row')}
            </p>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  )
}
