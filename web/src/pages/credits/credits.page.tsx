import { Download, Plus } from 'lucide-react'
import { type FormEvent, type ReactNode, useMemo, useState } from 'react'
import { errorMessage } from '../../api/client'
import {
  LEDGER_CSV_URL,
  type LedgerEntry,
  LOW_CREDIT_THRESHOLD,
  useCreditBalance,
  useLedger,
  useTopUp,
} from '../../api/credits'
import { can, type Me } from '../../api/session'
import { ErrorNote } from '../../components/dialog'
import { PageHeader, Spinner } from '../../components/misc'
import { showToast } from '../../components/toast'
import { formatDateTime, formatPhone, plural } from '../../format'
import { Link } from '../../router'

const REASONS: Record<string, string> = {
  top_up: 'Top-up',
  message: 'Message sent',
  refund: 'Refund (not sent)',
  received: 'Message received',
  adjustment: 'Adjustment',
}

/** To whom (or from whom) a text went, who sent it or topped up, and its mailshot. */
function LedgerDetails({ row }: { row: LedgerEntry }) {
  const who = row.personName
    ? `${row.personName}${row.number ? ` (${formatPhone(row.number)})` : ''}`
    : row.number
      ? formatPhone(row.number)
      : null
  const parts: ReactNode[] = []
  if (who) parts.push(<span key="who">{row.reason === 'received' ? `from ${who}` : `to ${who}`}</span>)
  if (row.userName) parts.push(<span key="by">by {row.userName}</span>)
  if (row.campaignId) {
    parts.push(
      <span key="mailshot">
        mailshot{' '}
        <Link to={`/mailshots/${encodeURIComponent(row.campaignId)}`}>{row.campaignName ?? 'unnamed'}</Link>
      </span>,
    )
  }
  if (parts.length === 0) return null
  return (
    <span className="ledger-details" data-testid="ledger-details">
      {parts.map((part, i) => (
        <span key={i === 0 ? 'first' : `sep-${i}`}>
          {i > 0 ? ' · ' : ' '}
          {part}
        </span>
      ))}
    </span>
  )
}

function TopUpForm() {
  const [amount, setAmount] = useState('500')
  const [note, setNote] = useState('')
  const topUp = useTopUp()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const value = Number(amount)
    if (!Number.isInteger(value) || value < 1) return
    topUp.mutate(
      { amount: value, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: (result) => {
          showToast({
            tone: 'success',
            title: `Added ${plural(value, 'credit')}`,
            body: `Balance: ${result.balance.toLocaleString()}`,
          })
          setNote('')
        },
      },
    )
  }
  return (
    <form className="card top-up" onSubmit={submit} aria-labelledby="top-up-title">
      <h2 id="top-up-title">Top up</h2>
      <div className="form-row">
        <label className="field">
          <span className="field-label">Credits</span>
          <input
            type="number"
            min={1}
            max={10_000_000}
            step={1}
            required
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </label>
        <label className="field grow">
          <span className="field-label">Note (optional)</span>
          <input
            value={note}
            maxLength={500}
            onChange={(e) => setNote(e.target.value)}
            placeholder="Invoice number, purchase order…"
          />
        </label>
        <button type="submit" className="button button-primary" disabled={topUp.isPending}>
          <Plus size={16} aria-hidden="true" /> Add credits
        </button>
      </div>
      {topUp.error ? <ErrorNote message={errorMessage(topUp.error)} /> : null}
    </form>
  )
}

/** Balance, the billing log with the balance after every entry, CSV, and top-ups for admins. */
export function CreditsPage({ me }: { me: Me }) {
  const balance = useCreditBalance()
  const ledger = useLedger()
  const rows = useMemo(() => ledger.data?.pages.flatMap((p) => p.items) ?? [], [ledger.data])
  const value = balance.data?.balance
  const tone =
    value === undefined ? '' : value <= 0 ? ' is-empty' : value < LOW_CREDIT_THRESHOLD ? ' is-low' : ''
  const perSegment = me.organization.settings.creditsPerSegment
  return (
    <div className="page">
      <PageHeader title="Credits">
        <a className="button" href={LEDGER_CSV_URL} download="billing-log.csv">
          <Download size={16} aria-hidden="true" /> Download CSV
        </a>
      </PageHeader>
      <div className="credit-summary">
        <section className={`card balance-card${tone}`} aria-label="Balance">
          <span className="muted">Balance</span>
          <strong className="balance-value" data-testid="balance-value">
            {value === undefined ? '…' : value.toLocaleString()}
          </strong>
          <span className="muted">
            {plural(perSegment, 'credit')} per segment (160 plain characters, 70 with special characters)
          </span>
        </section>
        {can(me, 'credits.manage') ? <TopUpForm /> : null}
      </div>
      <section className="card" aria-labelledby="ledger-title">
        <h2 id="ledger-title">Billing log</h2>
        {ledger.error ? <ErrorNote message={errorMessage(ledger.error)} /> : null}
        {ledger.isLoading ? (
          <Spinner />
        ) : (
          <div className="table-wrap">
            <table className="table ledger-table">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">What</th>
                  <th scope="col" className="num">
                    Change
                  </th>
                  <th scope="col" className="num">
                    Balance after
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id} data-testid="ledger-row">
                    <td data-label="Date">{formatDateTime(row.createdAt)}</td>
                    <td data-label="What">
                      {REASONS[row.reason] ?? row.reason.replace(/_/g, ' ')}
                      <LedgerDetails row={row} />
                      {row.note ? <span className="muted"> · {row.note}</span> : null}
                    </td>
                    <td
                      data-label="Change"
                      className={`num ${row.delta < 0 ? 'negative' : row.delta > 0 ? 'positive' : ''}`}
                    >
                      {row.delta > 0 ? `+${row.delta}` : row.delta}
                    </td>
                    <td data-label="Balance after" className="num">
                      {row.balanceAfter.toLocaleString()}
                    </td>
                  </tr>
                ))}
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={4} className="muted">
                      Nothing yet.
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </div>
        )}
        {ledger.hasNextPage ? (
          <div className="centered">
            <button
              type="button"
              className="button"
              onClick={() => void ledger.fetchNextPage()}
              disabled={ledger.isFetchingNextPage}
            >
              Load more
            </button>
          </div>
        ) : null}
      </section>
    </div>
  )
}
