import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { AppDeps } from '../app'
import { formatSlot } from '../template/merge-values'
import type { InterviewSlotRow } from './interview.table'
import {
  type Answer,
  type AnswerResult,
  answerInterview,
  type InterviewPage,
  openInterviewPage,
} from './interview-answer.service'
import { escapeHtml, sendExpiredLinkPage, sendInvalidLinkPage, sendPage } from './public-page'

function when(slot: InterviewSlotRow, timeZone: string): string {
  const { date, time } = formatSlot(new Date(slot.starts_at), timeZone)
  return `${date}, ${time}`
}

function details(ctx: InterviewPage): string {
  const { row } = ctx
  const lines = [`${row.duration_minutes} minutes`, row.location ? escapeHtml(row.location) : null]
  return `<h1>${escapeHtml(row.title)}</h1><p class="muted">${escapeHtml(ctx.orgName)} · ${lines.filter(Boolean).join(' · ')}</p>`
}

function answerForm(ctx: InterviewPage, now: Date, error?: string): string {
  const open = ctx.slots.filter((s) => new Date(s.starts_at).getTime() > now.getTime())
  const options = open
    .map(
      (s) =>
        `<label class="option"><input type="radio" name="choice" value="${escapeHtml(s.id)}" required>` +
        `<span>${escapeHtml(when(s, ctx.row.time_zone))}</span></label>`,
    )
    .join('')
  return (
    `${details(ctx)}<p>Hi ${escapeHtml(ctx.firstName)}, please choose a time that suits you.</p>` +
    (error ? `<p class="error">${escapeHtml(error)}</p>` : '') +
    `<form method="post"><fieldset><legend class="muted">Times (${escapeHtml(ctx.row.time_zone)})</legend>${options}` +
    `<label class="option"><input type="radio" name="choice" value="other" required><span>None of these work for me</span></label>` +
    `</fieldset><label class="muted" for="note">If none work, which times suit you? (optional)</label>` +
    `<textarea id="note" name="note" maxlength="500"></textarea><button type="submit">Send my answer</button></form>`
  )
}

function confirmedPage(ctx: InterviewPage, slot: InterviewSlotRow, note: string): string {
  return (
    `${details(ctx)}<p><strong>You are booked for ${escapeHtml(when(slot, ctx.row.time_zone))}</strong> ` +
    `(${escapeHtml(ctx.row.time_zone)}).</p><p>${escapeHtml(note)}</p>` +
    `<form method="post"><input type="hidden" name="choice" value="other">` +
    `<label class="muted" for="note">Can no longer make it? Tell us which times suit you:</label>` +
    `<textarea id="note" name="note" maxlength="500"></textarea><button type="submit">Ask for another time</button></form>`
  )
}

function resultPage(reply: FastifyReply, ctx: InterviewPage, result: AnswerResult, now: Date): FastifyReply {
  const who = ctx.recruiter ?? 'The recruiter'
  switch (result.outcome) {
    case 'confirmed':
      return sendPage(
        reply,
        200,
        'Interview confirmed',
        confirmedPage(ctx, result.slot, `${who} has been told.`),
      )
    case 'already_confirmed':
      return sendPage(
        reply,
        409,
        'Interview already confirmed',
        confirmedPage(ctx, result.slot, 'You had already chosen this time; it stands.'),
      )
    case 'change_requested':
      return sendPage(
        reply,
        200,
        'Request sent',
        `${details(ctx)}<p><strong>Thank you.</strong> ${escapeHtml(who)} will be in touch with other times.</p>`,
      )
    case 'cancelled':
      return sendPage(
        reply,
        410,
        'Interview cancelled',
        `${details(ctx)}<p>This interview has been cancelled. Reply to the text message if you have questions.</p>`,
      )
    case 'slot_unavailable':
      return sendPage(
        reply,
        422,
        'Choose another time',
        answerForm(ctx, now, 'That time is no longer available; please choose another.'),
      )
  }
}

/** The candidate's page for an interview invitation: `/i/<token>`, no sign-in, works on a phone. */
export const interviewPageRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 8192 },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))))
    },
  )

  /** The page's data, or null once an invalid or expired page has been sent. */
  async function load(token: string, reply: FastifyReply): Promise<InterviewPage | null> {
    const opened = await openInterviewPage(deps, token)
    if (opened.status === 'invalid') {
      sendInvalidLinkPage(reply)
      return null
    }
    if (opened.status === 'expired') {
      sendExpiredLinkPage(reply, 'answer this interview invitation', opened.recruiter)
      return null
    }
    return opened.page
  }

  const options = { schema: { hide: true }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } }

  app.get<{ Params: { token: string } }>('/i/:token', options, async (request, reply) => {
    const ctx = await load(request.params.token, reply)
    if (!ctx) return reply
    const now = deps.clock.now()
    const { row } = ctx
    if (row.status === 'cancelled') return resultPage(reply, ctx, { outcome: 'cancelled' }, now)
    const confirmed = ctx.slots.find((s) => s.id === row.confirmed_slot_id)
    if (row.status === 'confirmed' && confirmed) {
      return sendPage(reply, 200, 'Interview confirmed', confirmedPage(ctx, confirmed, 'See you then.'))
    }
    const note =
      row.status === 'change_requested'
        ? 'You asked for another time; you can still pick one of these.'
        : undefined
    return sendPage(reply, 200, row.title, answerForm(ctx, now, note))
  })

  app.post<{ Params: { token: string }; Body: Record<string, string> | undefined }>(
    '/i/:token',
    options,
    async (request, reply) => {
      const ctx = await load(request.params.token, reply)
      if (!ctx) return reply
      const now = deps.clock.now()
      const choice = typeof request.body?.choice === 'string' ? request.body.choice : ''
      if (choice === '')
        return sendPage(reply, 422, 'Choose a time', answerForm(ctx, now, 'Please choose one of the times.'))
      const answer: Answer =
        choice === 'other' ? { other: true, note: String(request.body?.note ?? '') } : { slotId: choice }
      return resultPage(reply, ctx, await answerInterview(deps, ctx.row, answer), now)
    },
  )
}
