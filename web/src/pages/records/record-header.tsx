import { ArrowLeft, type LucideIcon } from 'lucide-react'
import type { ReactNode } from 'react'
import { Link } from '../../router'

export interface Fact {
  icon: LucideIcon
  label: string
  value: ReactNode
}

/** The top of a record's page: back to its list, its name, badges, and the facts worth a glance. */
export function RecordHeader({
  back,
  icon: Icon,
  title,
  badges,
  facts,
}: {
  back: { to: string; label: string }
  icon: LucideIcon
  title: string
  badges?: ReactNode
  facts: Fact[]
}) {
  return (
    <>
      <Link to={back.to} className="back-link">
        <ArrowLeft size={16} aria-hidden="true" /> {back.label}
      </Link>
      <section className="card person-header record-header">
        <span className="record-icon" aria-hidden="true">
          <Icon size={26} />
        </span>
        <div className="person-header-text">
          <h1>{title}</h1>
          {badges}
          <dl className="record-facts inline">
            {facts.map((fact) => {
              const FactIcon = fact.icon
              return (
                <div key={fact.label}>
                  <dt>
                    <FactIcon size={14} aria-label={fact.label} />
                  </dt>
                  <dd>{fact.value}</dd>
                </div>
              )
            })}
          </dl>
        </div>
      </section>
    </>
  )
}
