import { type FormEvent, useState } from 'react'
import { ApiError, errorMessage } from '../../api/client'
import { useLogin } from '../../api/session'
import { ErrorNote } from '../../components/dialog'

export function LoginPage() {
  const login = useLogin()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [organization, setOrganization] = useState('')
  // When the same address and password open accounts in several organizations, the server lists them.
  const [offered, setOffered] = useState<{ id: string; name: string }[]>([])
  const choosing = login.error instanceof ApiError && login.error.code === 'AUTH_ORGANIZATION_REQUIRED'
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const chosen = offered.some((o) => o.id === organization) ? organization : undefined
    login.mutate(
      { email: email.trim(), password, ...(chosen ? { organization: chosen } : {}) },
      {
        onError: (error) => {
          if (!(error instanceof ApiError) || error.code !== 'AUTH_ORGANIZATION_REQUIRED') return
          const organizations = (error.details?.organizations ?? []) as { id: string; name: string }[]
          setOffered(organizations)
          setOrganization(organizations[0]?.id ?? '')
        },
      },
    )
  }
  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          <span className="brand-name">Parley</span>
        </div>
        <h1 id="login-title">Sign in</h1>
        <p className="muted">Two-way SMS for recruitment teams.</p>
        <label className="field">
          <span className="field-label">Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => {
              setEmail(event.target.value)
              setOffered([])
            }}
            // biome-ignore lint/a11y/noAutofocus: the sign-in form is the whole page
            autoFocus
          />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {offered.length > 0 ? (
          <label className="field">
            <span className="field-label">Organization</span>
            <select
              name="organization"
              value={organization}
              onChange={(event) => setOrganization(event.target.value)}
            >
              {offered.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {login.error && !choosing ? <ErrorNote message={errorMessage(login.error)} /> : null}
        {choosing ? <p className="muted">You have an account in several organizations: choose one.</p> : null}
        <button type="submit" className="button button-primary button-block" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}
