import type { FastifyPluginAsync } from 'fastify'
import { sendExpiredLinkPage, sendInvalidLinkPage, sendPage } from '../interview/public-page'
import type { AppDeps } from '../service-deps'
import { openDownload } from './attachment.service'

/** `/d/<token>`: the PDF behind a download link in a text. No sign-in; the signed token is the key. */
export const downloadRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get<{ Params: { token: string } }>(
    '/d/:token',
    { schema: { hide: true }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (request, reply) => {
      // Link previews often send HEAD: only a GET counts as a download.
      const outcome = await openDownload(deps, request.params.token, request.method === 'GET')
      if (outcome.status === 'invalid') return sendInvalidLinkPage(reply)
      if (outcome.status === 'expired')
        return sendExpiredLinkPage(reply, `download ${outcome.fileName}`, null)
      if (outcome.status === 'gone') {
        return sendPage(
          reply,
          410,
          'File withdrawn',
          '<h1>This file is no longer available</h1><p>The sender has withdrawn it. Reply to the text message if you still need it.</p>',
        )
      }
      const { file } = outcome
      const ascii = file.file_name.replace(/[^\x20-\x7e]/g, '_')
      return reply
        .status(200)
        .headers({
          'content-type': 'application/pdf',
          'content-length': String(file.content.length),
          'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.file_name)}`,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
          'x-robots-tag': 'noindex, nofollow',
          'referrer-policy': 'no-referrer',
          'content-security-policy': "default-src 'none'; sandbox",
        })
        .send(file.content)
    },
  )
}
