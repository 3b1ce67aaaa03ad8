import { CalendarClock } from 'lucide-react'
import { displayTimeZone, wallTimeFromNow, wallTimeToIso } from '../../format'

export interface Schedule {
  later: boolean
  /** A `datetime-local` wall time in the display zone. */
  when: string
}

export function initialSchedule(): Schedule {
  return { later: false, when: wallTimeFromNow(60) }
}

/** The UTC instant to send at, or undefined for now. */
export function scheduleIso(schedule: Schedule): string | undefined {
  return schedule.later ? wallTimeToIso(schedule.when) : undefined
}

export function scheduleProblem(schedule: Schedule): string | null {
  if (!schedule.later) return null
  const iso = wallTimeToIso(schedule.when)
  return !iso || Date.parse(iso) <= Date.now() ? 'Pick a time in the future.' : null
}

/** "Send later" with the date and time read in the user's own time zone. */
export function ScheduleField({ value, onChange }: { value: Schedule; onChange: (value: Schedule) => void }) {
  return (
    <fieldset className="schedule">
      <legend className="visually-hidden">When</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={value.later}
          onChange={(event) => onChange({ ...value, later: event.target.checked })}
        />
        <CalendarClock size={16} aria-hidden="true" /> Send later
      </label>
      {value.later ? (
        <label className="field inline-field">
          <span className="field-label">Date and time ({displayTimeZone()})</span>
          <input
            type="datetime-local"
            value={value.when}
            min={wallTimeFromNow(1)}
            onChange={(event) => onChange({ ...value, when: event.target.value })}
            required
          />
        </label>
      ) : null}
    </fieldset>
  )
}
