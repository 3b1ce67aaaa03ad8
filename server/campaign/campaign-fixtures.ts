import { expect } from 'vitest'
import { searchTextOf } from '../core/record-fields'
import { newId } from '../ids'
import { recordOptChange } from '../opt-out/opt-out.repository'
import { insertPeople } from '../person/person.repository'
import type { TestActor } from '../test/fixtures'
import type { TestContext } from '../test/setup'

/** Test helpers for mailshots: many people at once, and the campaign API. */

export interface SeedPerson {
  firstName?: string
  lastName?: string
  mobile: string | null
  tags?: string[]
  customFields?: Record<string, string>
  companyId?: string | null
}

export async function seedPeople(
  ctx: TestContext,
  orgId: string,
  people: readonly SeedPerson[],
): Promise<string[]> {
  const at = ctx.clock.now().toISOString()
  const rows = people.map((p, i) => ({
    id: newId(),
    org_id: orgId,
    kind: 'candidate',
    first_name: p.firstName ?? `Person${i}`,
    last_name: p.lastName ?? 'Test',
    mobile_e164: p.mobile,
    email: null,
    company_id: p.companyId ?? null,
    job_title: null,
    tags: p.tags ?? [],
    time_zone: null,
    custom_fields: p.customFields ?? {},
    search_text: searchTextOf(p.firstName ?? `Person${i}`, p.lastName ?? 'Test', null),
    created_at: at,
    updated_at: at,
    deleted_at: null,
  }))
  await ctx.deps.database.db.transaction().execute((trx) => insertPeople(trx, rows))
  return rows.map((r) => r.id)
}

/** `count` distinct valid UK mobiles; a `suffix` (e.g. '0999') makes the simulator reject them. */
export function mobiles(count: number, start = 0, suffix = ''): string[] {
  return Array.from({ length: count }, (_, i) => {
    const digits = String(start + i).padStart(6 - suffix.length, '0') + suffix
    return `+447911${digits}`
  })
}

export async function optOut(ctx: TestContext, orgId: string, phone: string): Promise<void> {
  await recordOptChange(ctx.deps.database.db, {
    org_id: orgId,
    phone_e164: phone,
    action: 'opt_out',
    source: 'keyword',
    keyword: 'STOP',
    message_id: null,
    user_id: null,
    created_at: ctx.clock.now().toISOString(),
  })
}

export async function createCampaign(ctx: TestContext, actor: TestActor, payload: Record<string, unknown>) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/campaigns',
    headers: actor.headers,
    payload,
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { id: string; status: string }
}

export async function campaignAction(
  ctx: TestContext,
  actor: TestActor,
  id: string,
  action: 'launch' | 'pause' | 'resume' | 'cancel' | 'resend-failed' | 'preview',
  payload?: Record<string, unknown>,
) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/campaigns/${id}/${action}`,
    headers: actor.headers,
    ...(payload ? { payload } : {}),
  })
}

export async function getCampaign(ctx: TestContext, actor: TestActor, id: string) {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/campaigns/${id}`, headers: actor.headers })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

export async function campaignMessages(ctx: TestContext, actor: TestActor, id: string, view = 'all') {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/messages?campaignId=${id}&view=${view}&limit=200`,
    headers: actor.headers,
  })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().items as {
    id: string
    status: string
    kind: string
    to: string
    body: string
    credits: number
    errorCode: string | null
    error: string | null
    personId: string | null
  }[]
}
