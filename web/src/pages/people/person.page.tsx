import { ArrowLeft, Briefcase, Building2, Clock, Mail, MessageSquarePlus, Phone } from 'lucide-react'
import { useMemo } from 'react'
import { errorMessage } from '../../api/client'
import { usePersonJournal } from '../../api/messages'
import { displayName, useCompanies, usePerson } from '../../api/people'
import { can, type Me } from '../../api/session'
import { ErrorNote } from '../../components/dialog'
import { Avatar, EmptyState, Spinner } from '../../components/misc'
import { formatPhone } from '../../format'
import { Link } from '../../router'
import { BubbleList } from '../messaging/message-bubble'
import { PersonInterviews } from './person-interviews'

/** A person's record with the journal: a copy of every text to and from them. */
export function PersonPage({ me, personId }: { me: Me; personId: string }) {
  const person = usePerson(personId)
  const journal = usePersonJournal(personId)
  const companies = useCompanies()
  // the journal answers newest first; the bubbles read oldest first
  const messages = useMemo(
    () => (journal.data?.pages.flatMap((p) => p.items) ?? []).slice().reverse(),
    [journal.data],
  )
  if (person.error) return <ErrorNote message={errorMessage(person.error)} />
  if (!person.data) return <Spinner label="Loading the record" />
  const p = person.data
  const company = p.companyId ? companies.data?.items.find((c) => c.id === p.companyId)?.name : undefined
  return (
    <div className="page person-page">
      <Link to="/people" className="back-link">
        <ArrowLeft size={16} aria-hidden="true" /> People
      </Link>
      <section className="card person-header">
        <Avatar name={displayName(p)} size="large" />
        <div className="person-header-text">
          <h1>{displayName(p)}</h1>
          <span className="badge">{p.kind}</span>
          {p.tags.map((t) => (
            <span key={t} className="badge badge-quiet">
              {t}
            </span>
          ))}
          <dl className="record-facts inline">
            {p.jobTitle ? (
              <div>
                <dt>
                  <Briefcase size={14} aria-label="Job title" />
                </dt>
                <dd>{p.jobTitle}</dd>
              </div>
            ) : null}
            {company ? (
              <div>
                <dt>
                  <Building2 size={14} aria-label="Company" />
                </dt>
                <dd>{company}</dd>
              </div>
            ) : null}
            <div>
              <dt>
                <Phone size={14} aria-label="Mobile" />
              </dt>
              <dd>
                {p.mobile ? formatPhone(p.mobile) : <span className="warning-text">No mobile number</span>}
              </dd>
            </div>
            {p.email ? (
              <div>
                <dt>
                  <Mail size={14} aria-label="Email" />
                </dt>
                <dd>
                  <a href={`mailto:${p.email}`}>{p.email}</a>
                </dd>
              </div>
            ) : null}
            {p.timeZone ? (
              <div>
                <dt>
                  <Clock size={14} aria-label="Time zone" />
                </dt>
                <dd>{p.timeZone}</dd>
              </div>
            ) : null}
          </dl>
        </div>
        {can(me, 'sms.send') ? (
          p.mobile ? (
            <Link to={`/compose?to=${encodeURIComponent(p.id)}`} className="button button-primary">
              <MessageSquarePlus size={16} aria-hidden="true" /> Send SMS
            </Link>
          ) : (
            <button type="button" className="button" disabled title="This person has no mobile number">
              <MessageSquarePlus size={16} aria-hidden="true" /> Send SMS
            </button>
          )
        ) : null}
      </section>
      {p.kind === 'candidate' ? <PersonInterviews me={me} person={p} /> : null}
      <section className="card journal" aria-labelledby="journal-title">
        <h2 id="journal-title">Journal</h2>
        {journal.error ? <ErrorNote message={errorMessage(journal.error)} /> : null}
        {journal.hasNextPage ? (
          <div className="centered small">
            <button type="button" className="link-button" onClick={() => void journal.fetchNextPage()}>
              Load earlier messages
            </button>
          </div>
        ) : null}
        {journal.isLoading ? (
          <Spinner />
        ) : messages.length === 0 ? (
          <EmptyState icon={MessageSquarePlus} title="No texts yet" />
        ) : (
          <BubbleList messages={messages} />
        )}
      </section>
    </div>
  )
}
