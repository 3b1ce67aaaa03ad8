import { Building, Pencil, Plus, Trash2, UsersRound } from 'lucide-react'
import { type FormEvent, useState } from 'react'
import { errorMessage } from '../../api/client'
import {
  type Office,
  type Team,
  useCreateOffice,
  useCreateTeam,
  useOffices,
  useRemoveOfficeOrTeam,
  useTeams,
  useUpdateOffice,
  useUpdateTeam,
} from '../../api/organization'
import { can, type Me } from '../../api/session'
import { ConfirmDialog, ErrorNote } from '../../components/dialog'
import { formatPhone } from '../../format'

/** Rename an office (and change its reply number) or a team, in place of its row. */
function RenameForm({
  kind,
  item,
  onDone,
}: {
  kind: 'offices' | 'teams'
  item: Office | Team
  onDone: () => void
}) {
  const [name, setName] = useState(item.name)
  const [replyNumber, setReplyNumber] = useState('replyNumber' in item ? (item.replyNumber ?? '') : '')
  const office = useUpdateOffice()
  const team = useUpdateTeam()
  const mutation = kind === 'offices' ? office : team
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (kind === 'offices') {
      office.mutate(
        { id: item.id, name: name.trim(), replyNumber: replyNumber.trim() || null },
        { onSuccess: onDone },
      )
    } else {
      team.mutate({ id: item.id, name: name.trim() }, { onSuccess: onDone })
    }
  }
  return (
    <form className="inline-form rename-form" onSubmit={submit} aria-label={`Rename ${item.name}`}>
      <label className="field">
        <span className="field-label">Name</span>
        <input value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      {kind === 'offices' ? (
        <label className="field">
          <span className="field-label">Reply number</span>
          <input
            value={replyNumber}
            maxLength={40}
            placeholder="+447700900000"
            onChange={(e) => setReplyNumber(e.target.value)}
          />
        </label>
      ) : null}
      <button type="button" className="button" onClick={onDone}>
        Cancel
      </button>
      <button type="submit" className="button button-primary" disabled={mutation.isPending || !name.trim()}>
        Save
      </button>
      {mutation.error ? <ErrorNote message={errorMessage(mutation.error)} /> : null}
    </form>
  )
}

/** Which number the office's users' texts go from, and why a reply number set is not used. */
function OfficeNumber({ office }: { office: Office }) {
  if (office.sendsFrom)
    return (
      <span className="muted">
        Texts go from {formatPhone(office.sendsFrom.number)} on {office.sendsFrom.connectionName}
      </span>
    )
  if (office.replyNumber && office.replyNumberUnused)
    return (
      <span className="warning-text">
        {formatPhone(office.replyNumber)} is not used:{' '}
        {office.replyNumberUnused.reason === 'connection_disabled'
          ? `its connection ${office.replyNumberUnused.connectionName ?? ''} is disabled`
          : 'no connection owns it'}
        ; routing rules decide
      </span>
    )
  return <span className="muted">No reply number: routing rules (else the default connection) decide</span>
}

/** The rows of offices or teams, each renamed or removed in place by those who manage settings. */
function ItemList({
  kind,
  items,
  manage,
}: {
  kind: 'offices' | 'teams'
  items: (Office | Team)[]
  manage: boolean
}) {
  const [editing, setEditing] = useState<string | null>(null)
  const [removing, setRemoving] = useState<Office | Team | null>(null)
  const remove = useRemoveOfficeOrTeam(kind)
  const Icon = kind === 'offices' ? Building : UsersRound
  const noun = kind === 'offices' ? 'office' : 'team'
  return (
    <>
      <ul className="simple-list" data-testid={`${kind}-list`}>
        {items.map((item) =>
          editing === item.id ? (
            <li key={item.id}>
              <RenameForm kind={kind} item={item} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <li key={item.id}>
              <Icon size={16} aria-hidden="true" />
              <strong>{item.name}</strong>
              {'replyNumber' in item ? <OfficeNumber office={item} /> : null}
              {manage ? (
                <span className="row-actions push-right">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Rename ${item.name}`}
                    onClick={() => setEditing(item.id)}
                  >
                    <Pencil size={16} aria-hidden="true" />
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove ${item.name}`}
                    onClick={() => setRemoving(item)}
                  >
                    <Trash2 size={16} aria-hidden="true" />
                  </button>
                </span>
              ) : null}
            </li>
          ),
        )}
      </ul>
      {removing ? (
        <ConfirmDialog
          title={`Remove the ${noun} ${removing.name}?`}
          message={`Users in it keep working without ${kind === 'offices' ? 'an office' : 'this team'}${
            kind === 'offices' ? '; their texts go out from the default number' : ''
          }.`}
          confirmLabel="Remove"
          tone="danger"
          busy={remove.isPending}
          error={remove.error ? errorMessage(remove.error) : null}
          onConfirm={() => remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
          onCancel={() => setRemoving(null)}
        />
      ) : null}
    </>
  )
}

function OfficeForm() {
  const [name, setName] = useState('')
  const [replyNumber, setReplyNumber] = useState('')
  const create = useCreateOffice()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    create.mutate(
      { name: name.trim(), ...(replyNumber.trim() ? { replyNumber: replyNumber.trim() } : {}) },
      {
        onSuccess: () => {
          setName('')
          setReplyNumber('')
        },
      },
    )
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Add an office">
      <label className="field">
        <span className="field-label">Office name</span>
        <input value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Reply number (E.164)</span>
        <input
          value={replyNumber}
          maxLength={40}
          placeholder="+447700900000"
          onChange={(e) => setReplyNumber(e.target.value)}
        />
      </label>
      <button type="submit" className="button" disabled={create.isPending || !name.trim()}>
        <Plus size={16} aria-hidden="true" /> Add office
      </button>
      {create.error ? <ErrorNote message={errorMessage(create.error)} /> : null}
    </form>
  )
}

function TeamForm() {
  const [name, setName] = useState('')
  const create = useCreateTeam()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    create.mutate({ name: name.trim() }, { onSuccess: () => setName('') })
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Add a team">
      <label className="field">
        <span className="field-label">Team name</span>
        <input value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="submit" className="button" disabled={create.isPending || !name.trim()}>
        <Plus size={16} aria-hidden="true" /> Add team
      </button>
      {create.error ? <ErrorNote message={errorMessage(create.error)} /> : null}
    </form>
  )
}

export function OfficesAndTeams({ me }: { me: Me }) {
  const offices = useOffices()
  const teams = useTeams()
  const manage = can(me, 'settings.manage')
  return (
    <div className="two-columns">
      <section className="card" aria-labelledby="offices-title">
        <h2 id="offices-title">Offices</h2>
        <p className="muted">
          Texts sent by a user go out from their office's reply number, so replies come back to that office.
        </p>
        <ItemList kind="offices" items={offices.data?.items ?? []} manage={manage} />
        {manage ? <OfficeForm /> : null}
      </section>
      <section className="card" aria-labelledby="teams-title">
        <h2 id="teams-title">Teams</h2>
        <p className="muted">Each user can be in a team 1 and a team 2; teams can be told of replies.</p>
        <ItemList kind="teams" items={teams.data?.items ?? []} manage={manage} />
        {manage ? <TeamForm /> : null}
      </section>
    </div>
  )
}
