import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CreateInterviewBody, InterviewSchema, ListInterviewsQuery } from '../../common/api/interviews'
import { IdParams, Page } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { actorOf, requirePermission } from '../auth/auth.plugin'
import { getInterview, inviteCandidate, listInterviews } from './interview.service'
import { cancelInterview } from './interview-answer.service'

export const interviewRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
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
    async (request) => listInterviews(deps, actorOf(request).orgId, request.query),
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
    async (request) => getInterview(deps, actorOf(request).orgId, request.params.id),
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
