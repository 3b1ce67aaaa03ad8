import type { LucideIcon } from 'lucide-react'
import type { CSSProperties, ReactNode } from 'react'
import { initials } from '../format'

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <span className="spinner" role="status">
      <span className="visually-hidden">{label}</span>
    </span>
  )
}

export function EmptyState({
  icon: Icon,
  title,
  children,
}: {
  icon: LucideIcon
  title: string
  children?: ReactNode
}) {
  return (
    <div className="empty-state">
      <Icon size={36} aria-hidden="true" />
      <h3>{title}</h3>
      {children ? <div className="empty-state-body">{children}</div> : null}
    </div>
  )
}

export function Avatar({ name, size = 'medium' }: { name: string; size?: 'small' | 'medium' | 'large' }) {
  // a stable colour per name, so a person keeps their colour across lists
  let hash = 0
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360
  return (
    <span
      className={`avatar avatar-${size}`}
      style={{ '--avatar-hue': hash } as CSSProperties}
      aria-hidden="true"
    >
      {initials(name)}
    </span>
  )
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {children ? <div className="page-header-actions">{children}</div> : null}
    </header>
  )
}
