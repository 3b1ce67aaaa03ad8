import { Pencil, UserPlus } from 'lucide-react'
import { type FormEvent, useState } from 'react'
import { errorMessage } from '../../api/client'
import {
  type UserChanges,
  useCreateUser,
  useOffices,
  useTeams,
  useUpdateUser,
  useUsers,
} from '../../api/organization'
import { type Me, PERMISSIONS, type Permission, ROLES, type Role, type User } from '../../api/session'
import { Dialog, ErrorNote } from '../../components/dialog'
import { Avatar, Spinner } from '../../components/misc'
import { showToast } from '../../components/toast'

/** Every permission has a label here; the list and its order are common/permissions.ts. */
const PERMISSION_LABELS: Record<Permission, string> = {
  'sms.send': 'Send texts',
  'sms.send_bulk': 'Send mailshots',
  'records.manage': 'Manage people and records',
  'credits.manage': 'Top up credits',
  'connections.manage': 'Manage provider connections',
  'users.manage': 'Manage users',
  'settings.manage': 'Change organization settings',
  'reports.view': 'See reports',
}
const PERMISSION_CHOICES = PERMISSIONS.map((value) => ({ value, label: PERMISSION_LABELS[value] }))

type AssociationType = User['associationTypes'][number]

const ASSOCIATION_CHOICES: { value: AssociationType; label: string }[] = [
  { value: 'incoming', label: 'Incoming' },
  { value: 'outgoing', label: 'Outgoing' },
]

function UserDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const offices = useOffices()
  const teams = useTeams()
  const update = useUpdateUser()
  const create = useCreateUser()
  const [email, setEmail] = useState('')
  const [name, setName] = useState(user?.name ?? '')
  const [role, setRole] = useState<Role>((user?.role as Role | undefined) ?? 'recruiter')
  const [permissions, setPermissions] = useState<string[] | null>(user ? user.permissions : null)
  const [officeId, setOfficeId] = useState(user?.officeId ?? '')
  const [team1Id, setTeam1Id] = useState(user?.team1Id ?? '')
  const [team2Id, setTeam2Id] = useState(user?.team2Id ?? '')
  const [timeZone, setTimeZone] = useState(user?.timeZone ?? '')
  const [replyNumber, setReplyNumber] = useState(user?.replyNumber ?? '')
  const [disabled, setDisabled] = useState(Boolean(user?.disabledAt))
  const [associationTypes, setAssociationTypes] = useState<AssociationType[]>(
    user?.associationTypes ?? ['incoming', 'outgoing'],
  )
  const [emailReplies, setEmailReplies] = useState(user?.emailReplies ?? false)
  const [password, setPassword] = useState('')
  const mutation = user ? update : create
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const changes: UserChanges = {
      name: name.trim(),
      role,
      ...(permissions ? { permissions } : {}),
      officeId: officeId || null,
      replyNumber: replyNumber.trim() || null,
      team1Id: team1Id || null,
      team2Id: team2Id || null,
      timeZone: timeZone.trim() || null,
      associationTypes,
      emailReplies,
      ...(password ? { password } : {}),
    }
    const done = {
      onSuccess: () => {
        showToast({ tone: 'success', title: user ? 'User saved' : 'User invited' })
        onClose()
      },
    }
    if (user) update.mutate({ id: user.id, ...changes, disabled }, done)
    else create.mutate({ ...changes, email: email.trim(), name: name.trim(), role }, done)
  }
  const select = (
    label: string,
    value: string,
    onChange: (v: string) => void,
    items: { id: string; name: string }[],
  ) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">None</option>
        {items.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name}
          </option>
        ))}
      </select>
    </label>
  )
  return (
    <Dialog
      title={user ? `Edit ${user.name}` : 'Invite a user'}
      onClose={onClose}
      size="large"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="user-form"
            className="button button-primary"
            disabled={mutation.isPending}
          >
            {user ? 'Save' : 'Invite'}
          </button>
        </>
      }
    >
      <form id="user-form" onSubmit={submit} className="form-grid">
        {user ? null : (
          <label className="field">
            <span className="field-label">Email</span>
            <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
        )}
        <label className="field">
          <span className="field-label">Name</span>
          <input required value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Role</span>
          <select
            value={role}
            onChange={(e) => {
              setRole(e.target.value as Role)
              // a new role brings its own default rights unless they are then ticked by hand
              setPermissions(null)
            }}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        {select('Office', officeId, setOfficeId, offices.data?.items ?? [])}
        {select('Team 1', team1Id, setTeam1Id, teams.data?.items ?? [])}
        {select('Team 2', team2Id, setTeam2Id, teams.data?.items ?? [])}
        <label className="field">
          <span className="field-label">Own reply number (optional)</span>
          <input
            value={replyNumber}
            maxLength={40}
            placeholder="Their office's number"
            onChange={(e) => setReplyNumber(e.target.value)}
          />
          <span className="field-help">
            Their texts go from it instead of their office's; a connection must own it.
          </span>
        </label>
        <label className="field">
          <span className="field-label">Time zone</span>
          <input value={timeZone} placeholder="Europe/London" onChange={(e) => setTimeZone(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{user ? 'New password (optional)' : 'Password (optional)'}</span>
          <input
            type="password"
            minLength={10}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <fieldset className="fieldset span-all">
          <legend>Associated with conversations as</legend>
          <div className="checkbox-grid">
            {ASSOCIATION_CHOICES.map((a) => (
              <label key={a.value} className="checkbox">
                <input
                  type="checkbox"
                  checked={associationTypes.includes(a.value)}
                  onChange={(e) =>
                    setAssociationTypes(
                      e.target.checked
                        ? ASSOCIATION_CHOICES.map((c) => c.value).filter(
                            (v) => v === a.value || associationTypes.includes(v),
                          )
                        : associationTypes.filter((x) => x !== a.value),
                    )
                  }
                />
                {a.label}
              </label>
            ))}
          </div>
          <p className="muted small">
            {associationTypes.includes('incoming')
              ? "Told of replies; sees the whole history of a conversation, colleagues' texts included."
              : 'Outgoing only: sees only the texts they sent, and is not told of replies.'}
          </p>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={emailReplies}
              onChange={(e) => setEmailReplies(e.target.checked)}
            />
            E-mail me replies (the replies they are told of also come by e-mail, a burst in one e-mail)
          </label>
        </fieldset>
        <fieldset className="fieldset span-all">
          <legend>
            Permissions {permissions ? null : <span className="muted">(the role's defaults)</span>}
          </legend>
          <div className="checkbox-grid">
            {PERMISSION_CHOICES.map((p) => (
              <label key={p.value} className="checkbox">
                <input
                  type="checkbox"
                  checked={(permissions ?? []).includes(p.value)}
                  onChange={(e) => {
                    const current = permissions ?? []
                    setPermissions(
                      e.target.checked ? [...current, p.value] : current.filter((x) => x !== p.value),
                    )
                  }}
                />
                {p.label}
              </label>
            ))}
          </div>
        </fieldset>
        {user ? (
          <label className="checkbox span-all">
            <input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.target.checked)} />
            Disabled (cannot sign in)
          </label>
        ) : null}
        {mutation.error ? (
          <div className="span-all">
            <ErrorNote message={errorMessage(mutation.error)} />
          </div>
        ) : null}
      </form>
    </Dialog>
  )
}

export function UsersSettings(_props: { me: Me }) {
  const users = useUsers()
  const offices = useOffices()
  const teams = useTeams()
  const [editing, setEditing] = useState<User | 'new' | null>(null)
  const officeName = (id: string | null) => offices.data?.items.find((o) => o.id === id)?.name ?? ''
  const teamName = (id: string | null) => teams.data?.items.find((t) => t.id === id)?.name ?? ''
  return (
    <section className="card" aria-labelledby="users-title">
      <header className="card-header">
        <h2 id="users-title">Users</h2>
        <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
          <UserPlus size={16} aria-hidden="true" /> Invite
        </button>
      </header>
      {users.error ? <ErrorNote message={errorMessage(users.error)} /> : null}
      {users.isLoading ? (
        <Spinner />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col" className="hide-narrow">
                  Office
                </th>
                <th scope="col" className="hide-narrow">
                  Teams
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data?.items.map((u) => (
                <tr key={u.id} className={u.disabledAt ? 'is-disabled' : undefined}>
                  <td>
                    <span className="person-cell">
                      <Avatar name={u.name} size="small" />
                      <span>
                        {u.name}
                        <span className="muted small block">{u.email}</span>
                      </span>
                    </span>
                  </td>
                  <td>
                    <span className="badge">{u.role}</span>
                    {u.associationTypes.includes('incoming') ? null : (
                      <span className="badge">outgoing only</span>
                    )}
                    {u.disabledAt ? <span className="badge badge-danger">disabled</span> : null}
                  </td>
                  <td className="hide-narrow">{officeName(u.officeId)}</td>
                  <td className="hide-narrow">
                    {[teamName(u.team1Id), teamName(u.team2Id)].filter(Boolean).join(', ')}
                  </td>
                  <td className="num">
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Edit ${u.name}`}
                      onClick={() => setEditing(u)}
                    >
                      <Pencil size={16} aria-hidden="true" />
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing ? (
        <UserDialog user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </section>
  )
}
