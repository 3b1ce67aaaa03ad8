import type { MergeValues } from './merge-fields'

/**
 * Builds the values of each merge field group from plain records. Pure: the loaders that read the
 * database live in template-context.ts, and a mailshot calls these once per recipient.
 */

export interface PersonFields {
  firstName: string
  lastName: string
  mobile: string | null
  email: string | null
  jobTitle: string | null
  kind: string
  customFields: Record<string, string>
}

export function personValues(person: PersonFields): NonNullable<MergeValues['person']> {
  return {
    first_name: person.firstName,
    last_name: person.lastName,
    full_name: [person.firstName, person.lastName].filter(Boolean).join(' '),
    mobile: person.mobile,
    email: person.email,
    job_title: person.jobTitle,
    kind: person.kind,
    custom: person.customFields,
  }
}

export function companyValues(company: {
  name: string
  phone: string | null
  website: string | null
}): NonNullable<MergeValues['company']> {
  return { name: company.name, phone: company.phone, website: company.website }
}

export function userValues(user: {
  name: string
  email: string
  mobileE164: string | null
}): NonNullable<MergeValues['user']> {
  return {
    name: user.name,
    first_name: user.name.trim().split(/\s+/)[0] ?? null,
    email: user.email,
    mobile: user.mobileE164,
  }
}

/** "Tue 14 Jan" and "10:00" in the candidate's time zone. */
export function formatSlot(at: Date, timeZone: string): { date: string; time: string } {
  const date = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(at)
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(at)
  return { date: date.replace(',', ''), time }
}

export interface InterviewFields {
  title: string
  location: string | null
  durationMinutes: number
  timeZone: string
  slots: readonly string[]
  expiresAt: string
  link: string
}

/** `date` and `time` are the first proposed slot; `slots` lists them all. */
export function interviewValues(interview: InterviewFields): NonNullable<MergeValues['interview']> {
  const slots = interview.slots.map((s) => formatSlot(new Date(s), interview.timeZone))
  const expires = formatSlot(new Date(interview.expiresAt), interview.timeZone)
  return {
    link: interview.link,
    title: interview.title,
    location: interview.location,
    date: slots[0]?.date ?? null,
    time: slots[0]?.time ?? null,
    slots: slots.map((s) => `${s.date} ${s.time}`).join(', '),
    duration_minutes: String(interview.durationMinutes),
    expires: `${expires.date} ${expires.time}`,
  }
}
