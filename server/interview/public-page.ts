import type { FastifyReply } from 'fastify'

/**
 * The shell of Parley's public pages (interview answers, expired downloads): plain server-rendered
 * HTML that works on a phone without JavaScript, never cached, never indexed, and unable to load
 * anything from elsewhere.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch)
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f4f5f7}
main{max-width:32rem;margin:0 auto;padding:1.25rem}
.card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.35rem;line-height:1.3;margin:0 0 .5rem}
p{margin:.5rem 0}
.muted{color:#5b6475;font-size:.9rem}
.error{color:#a32020;font-weight:600}
fieldset{border:0;padding:0;margin:1rem 0}
label.option{display:flex;gap:.75rem;align-items:center;min-height:3rem;padding:.6rem .8rem;margin:.5rem 0;border:1px solid #cfd4dc;border-radius:10px;background:#fff}
label.option input{width:1.3rem;height:1.3rem;flex:none}
textarea{width:100%;min-height:5rem;font:inherit;padding:.6rem;border:1px solid #cfd4dc;border-radius:10px}
button{width:100%;min-height:3rem;margin-top:1rem;font:inherit;font-weight:600;color:#fff;background:#2456d8;border:0;border-radius:10px}
`

export const PUBLIC_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
}

/** `body` is HTML the caller has escaped; `title` is plain text. */
export function renderPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main><div class="card">
${body}
</div></main></body>
</html>
`
}

export function sendPage(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  return reply.status(status).headers(PUBLIC_PAGE_HEADERS).send(renderPage(title, body))
}

/** The page for a link that was altered or cut short. */
export function sendInvalidLinkPage(reply: FastifyReply): FastifyReply {
  return sendPage(
    reply,
    404,
    'Link not recognised',
    '<h1>This link is not recognised</h1><p>Check that you opened the whole link from your text message; ' +
      'some phones cut long links. If it still does not work, reply to the text and we will help.</p>',
  )
}

export function sendExpiredLinkPage(reply: FastifyReply, what: string, contact: string | null): FastifyReply {
  return sendPage(
    reply,
    410,
    'Link expired',
    `<h1>This link has expired</h1><p>The link to ${escapeHtml(what)} is no longer active.</p>` +
      `<p>${contact ? `Please contact ${escapeHtml(contact)} or reply` : 'Please reply'} to the text message for a new one.</p>`,
  )
}
