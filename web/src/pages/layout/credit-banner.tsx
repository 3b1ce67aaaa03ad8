import { AlertTriangle } from 'lucide-react'
import { LOW_CREDIT_THRESHOLD, useCreditBalance } from '../../api/credits'
import { can, type Me } from '../../api/session'
import { Link } from '../../router'

/** Says so before sending stops: low balance is a warning, an empty one an error. */
export function CreditBanner({ me }: { me: Me }) {
  const { data } = useCreditBalance()
  if (!data || data.balance >= LOW_CREDIT_THRESHOLD) return null
  const empty = data.balance <= 0
  const action = can(me, 'credits.manage') ? (
    <Link to="/credits" className="banner-link">
      Top up now
    </Link>
  ) : (
    <span>Ask an admin to top up.</span>
  )
  return (
    <div
      className={`banner ${empty ? 'banner-error' : 'banner-warning'}`}
      role={empty ? 'alert' : 'status'}
      data-testid="credit-banner"
    >
      <AlertTriangle size={16} aria-hidden="true" />
      <span>
        {empty
          ? 'No credits left: texts cannot be sent until the balance is topped up.'
          : `Credits are running low: ${data.balance.toLocaleString()} left.`}
      </span>
      {action}
    </div>
  )
}
