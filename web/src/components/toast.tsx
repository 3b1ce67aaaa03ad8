import { AlertTriangle, CheckCircle2, Info, MessageSquare, X } from 'lucide-react'
import { useEffect, useSyncExternalStore } from 'react'

export type ToastTone = 'info' | 'success' | 'error' | 'message'

export interface Toast {
  id: number
  tone: ToastTone
  title: string
  body?: string
  /** What clicking the toast does, e.g. open the conversation. */
  onOpen?: () => void
  /** Milliseconds before it goes by itself; errors stay longer. */
  timeout?: number
}

let nextId = 1
let toasts: Toast[] = []
const listeners = new Set<() => void>()

function emit() {
  for (const listener of listeners) listener()
}

export function showToast(toast: Omit<Toast, 'id'>): number {
  const id = nextId++
  toasts = [...toasts.slice(-4), { ...toast, id }]
  emit()
  return id
}

export function dismissToast(id: number): void {
  toasts = toasts.filter((t) => t.id !== id)
  emit()
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

const ICONS = { info: Info, success: CheckCircle2, error: AlertTriangle, message: MessageSquare }

function ToastItem({ toast }: { toast: Toast }) {
  useEffect(() => {
    const timer = setTimeout(
      () => dismissToast(toast.id),
      toast.timeout ?? (toast.tone === 'error' ? 10_000 : 6_000),
    )
    return () => clearTimeout(timer)
  }, [toast])
  const Icon = ICONS[toast.tone]
  const content = (
    <>
      <Icon className="toast-icon" aria-hidden="true" size={18} />
      <span className="toast-text">
        <strong className="toast-title">{toast.title}</strong>
        {toast.body ? <span className="toast-body">{toast.body}</span> : null}
      </span>
    </>
  )
  return (
    <div className={`toast toast-${toast.tone}`} data-testid="toast">
      {toast.onOpen ? (
        <button
          type="button"
          className="toast-main"
          onClick={() => {
            toast.onOpen?.()
            dismissToast(toast.id)
          }}
        >
          {content}
        </button>
      ) : (
        <div className="toast-main">{content}</div>
      )}
      <button
        type="button"
        className="toast-close"
        aria-label="Dismiss"
        onClick={() => dismissToast(toast.id)}
      >
        <X size={16} aria-hidden="true" />
      </button>
    </div>
  )
}

/** Where toasts appear; screen readers hear them through the live region. */
export function ToastViewport() {
  const list = useSyncExternalStore(subscribe, () => toasts)
  return (
    <section className="toast-viewport" aria-live="polite" aria-label="Notifications">
      {list.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </section>
  )
}
