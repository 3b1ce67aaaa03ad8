import { Building, Plus, UsersRound } from 'lucide-react'
import { type FormEvent, useState } from 'react'
import { errorMessage } from '../../api/client'
import { useCreateOffice, useCreateTeam, useOffices, useTeams } from '../../api/organization'
import { can, type Me } from '../../api/session'
import { ErrorNote } from '../../components/dialog'
import { formatPhone } from '../../format'

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
        <ul className="simple-list">
          {offices.data?.items.map((o) => (
            <li key={o.id}>
              <Building size={16} aria-hidden="true" />
              <strong>{o.name}</strong>
              <span className="muted">{o.replyNumber ? formatPhone(o.replyNumber) : 'default number'}</span>
            </li>
          ))}
        </ul>
        {manage ? <OfficeForm /> : null}
      </section>
      <section className="card" aria-labelledby="teams-title">
        <h2 id="teams-title">Teams</h2>
        <p className="muted">Each user can be in a team 1 and a team 2; teams can be told of replies.</p>
        <ul className="simple-list">
          {teams.data?.items.map((t) => (
            <li key={t.id}>
              <UsersRound size={16} aria-hidden="true" />
              <strong>{t.name}</strong>
            </li>
          ))}
        </ul>
        {manage ? <TeamForm /> : null}
      </section>
    </div>
  )
}
