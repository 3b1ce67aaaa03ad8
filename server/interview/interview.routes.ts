import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CreateInterviewBody, InterviewSchema, ListInterviewsQuery } from '../../common/api/interviews'
import { IdParams, Page } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { actorOf, requirePermission } from '../auth/auth.plugin'
import { errors } from '../errors'
import { pageRequest } from '../pagination'
import { findInterviewRow, listInterviewRows, listInterviewSlots } from './interview.repository'
import { inviteCandidate } from './interview.service'
import { cancelInterview } from './interview-answer.service'
import { toInterviewDto } from './interview-fields'

export const interviewRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['interviews']

  app.post(
    '/api/v1/interviews',
    {
      schema: {
        tags,
        summary: 'Invite a candidate to an interview by SMS, with times to confirm or decline',
        description:
          'The text (a template or a body) must contain `{{ interview.link }}`: a short signed link to a page ' +
          'where the candidate confirms one of the `slots` or asks for another time; you are notified ' +
          '(`interview.answered`). The interview is created only if the text is accepted.',
        body: CreateInterviewBody,
        response: { 201: InterviewSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      const interview = await inviteCandidate(
        deps,
        { orgId: actor.orgId, userId: actor.userId },
        request.body,
      )
      return reply.status(201).send(interview)
    },
  )

  app.get(
    '/api/v1/interviews',
    {
      schema: {
        tags,
        summary: 'Interviews, newest first',
        querystring: ListInterviewsQuery,
        response: { 200: Page(InterviewSchema) },
      },
    },
    async (request) => {
      const { cursor, limit, ...filter } = request.query
      const page = await listInterviewRows(db, actorOf(request).orgId, filter, pageRequest({ cursor, limit }))
      const items = []
      for (const row of page.items)
        items.push(toInterviewDto(deps.config, row, await listInterviewSlots(db, row.id)))
      return { items, nextCursor: page.nextCursor }
    },
  )

  app.get(
    '/api/v1/interviews/:id',
    {
      schema: {
        tags,
        summary: 'One interview and its answer',
        params: IdParams,
        response: { 200: InterviewSchema },
      },
    },
    async (request) => {
      const row = await findInterviewRow(db, actorOf(request).orgId, request.params.id)
      if (!row) throw new errors.INTERVIEW_NOT_FOUND(request.params.id)
      return toInterviewDto(deps.config, row, await listInterviewSlots(db, row.id))
    },
  )

  app.post(
    '/api/v1/interviews/:id/cancel',
    {
      schema: {
        tags,
        summary: "Cancel an interview: the candidate's page then says so",
        params: IdParams,
        response: { 200: InterviewSchema },
      },
    },
    async (request) => cancelInterview(deps, requirePermission(request, 'sms.send').orgId, request.params.id),
  )
}
