import type { SkipReason } from '../../common/api/campaigns'
import { countSegments, creditsFor } from '../core/segments'
import type { Db } from '../db/database'
import { findOptedOutPhones } from '../opt-out/opt-out.repository'
import type { Organization } from '../organization/organization.repository'
import { composeText } from '../outbound/send.service'
import type { MergeValues } from '../template/merge-fields'
import { companyValues, personValues } from '../template/merge-values'
import type { CompiledDocument } from '../template/template-document'
import { type CompiledTemplate, renderTemplate, TemplateRenderError } from '../template/template-engine'
import { findCompanyMergeRows } from './campaign-recipients.repository'
import { type Candidate, readCandidates, type StoredSource } from './campaign-source'

/**
 * Works out, recipient by recipient, who a mailshot texts and what it costs: the same pass feeds
 * the preview (counts and samples) and the launch (every row). Nothing is written here.
 */

export interface PlannedMessage {
  personId: string | null
  name: string
  phone: string
  /** The text without the attachment link, which the launch appends per recipient. */
  text: string
  encoding: string
  segments: number
  credits: number
  /** The person's own time zone, for quiet hours; null for a number without one. */
  timeZone: string | null
  /** The template's document part filled in for this recipient, set in a PDF when they open its link. */
  document: { title: string; body: string } | null
}

export interface PlannedSkip {
  personId: string | null
  name: string
  phone: string | null
  line: number | null
  reason: SkipReason
  detail: string
  text: string
}

export interface PlanSink {
  message(message: PlannedMessage): void
  skipped(skip: PlannedSkip): void
}

export interface PlanInput {
  org: Organization
  stored: StoredSource
  compiled: CompiledTemplate
  /** The template's document part, or null: each recipient's is filled in with their values. */
  document: CompiledDocument | null
  /** Sender, office, organization and job: the same for every recipient. */
  shared: MergeValues
  /** The job's company, which wins over each person's own. */
  jobCompanyId: string | null
  subject: string | null
  /** The attachment link appended on its own line (a stand-in of the real length), or null. */
  linkPlaceholder: string | null
  onProgress?: (done: number) => void
}

export interface PlanTotals {
  recipients: number
  skipped: number
  segments: number
  credits: number
  skippedByReason: Partial<Record<SkipReason, number>>
}

type Company = NonNullable<MergeValues['company']>

async function loadCompanies(
  db: Db,
  orgId: string,
  ids: Iterable<string>,
  cache: Map<string, Company | null>,
) {
  const wanted = [...new Set(ids)].filter((id) => !cache.has(id))
  if (wanted.length === 0) return
  const rows = await findCompanyMergeRows(db, orgId, wanted)
  for (const id of wanted) cache.set(id, null)
  for (const row of rows) cache.set(row.id, companyValues(row))
}

export async function planCampaign(db: Db, input: PlanInput, sink: PlanSink): Promise<PlanTotals> {
  const { org } = input
  const totals: PlanTotals = { recipients: 0, skipped: 0, segments: 0, credits: 0, skippedByReason: {} }
  const firstHolder = new Map<string, string>()
  const companies = new Map<string, Company | null>()
  if (input.jobCompanyId) await loadCompanies(db, org.id, [input.jobCompanyId], companies)
  const jobCompany = input.jobCompanyId ? companies.get(input.jobCompanyId) : undefined
  let done = 0
  const skip = (c: Candidate, reason: SkipReason, detail: string, text = '') => {
    totals.skipped += 1
    totals.skippedByReason[reason] = (totals.skippedByReason[reason] ?? 0) + 1
    sink.skipped({ personId: c.personId, name: c.name, phone: c.phone, line: c.line, reason, detail, text })
  }
  for await (const batch of readCandidates(db, org.id, input.stored, org.settings.defaultCountry)) {
    const kept: Candidate[] = []
    for (const c of batch) {
      if (c.problem || !c.phone)
        skip(c, c.problem?.reason ?? 'no_mobile', c.problem?.detail ?? `${c.name} has no mobile`)
      else if (firstHolder.has(c.phone)) {
        skip(c, 'duplicate', `${c.phone} is also ${firstHolder.get(c.phone)}'s number; it is texted once`)
      } else {
        firstHolder.set(c.phone, c.name)
        kept.push(c)
      }
    }
    const optedOut = await findOptedOutPhones(
      db,
      org.id,
      kept.map((c) => c.phone!),
    )
    if (!jobCompany)
      await loadCompanies(
        db,
        org.id,
        kept.flatMap((c) => (c.companyId ? [c.companyId] : [])),
        companies,
      )
    for (const c of kept) {
      const phone = c.phone!
      if (optedOut.has(phone)) {
        skip(c, 'opted_out', `${c.name} (${phone}) has opted out of texts`)
        continue
      }
      const company = jobCompany ?? (c.companyId ? companies.get(c.companyId) : undefined)
      const values: MergeValues = {
        ...input.shared,
        person: personValues(c.person),
        ...(company ? { company } : {}),
      }
      let rendered: { text: string; missing: string[] }
      let document: PlannedMessage['document'] = null
      try {
        rendered = renderTemplate(input.compiled, values)
        if (input.document) {
          document = {
            title: renderTemplate(input.document.title, values).text,
            body: renderTemplate(input.document.body, values).text,
          }
        }
      } catch (error) {
        if (!(error instanceof TemplateRenderError)) throw error
        skip(c, 'render_failed', `the text could not be filled in for ${c.name}: ${error.message}`)
        continue
      }
      if (rendered.missing.length > 0) {
        skip(c, 'missing_field', `${rendered.missing.join(', ')} is empty for ${c.name}`, rendered.text)
        continue
      }
      const text = composeText(org, rendered.text, input.subject)
      if (text.trim() === '') {
        skip(c, 'render_failed', `the text comes out empty for ${c.name}`)
        continue
      }
      const count = countSegments(input.linkPlaceholder ? `${text}\n${input.linkPlaceholder}` : text)
      if (count.segments > org.settings.maxSegments) {
        skip(
          c,
          'too_long',
          `the text for ${c.name} is ${count.segments} segments; the organization allows ${org.settings.maxSegments}`,
          text,
        )
        continue
      }
      const credits = creditsFor(count.segments, org.settings.creditsPerSegment)
      totals.recipients += 1
      totals.segments += count.segments
      totals.credits += credits
      sink.message({
        personId: c.personId,
        name: c.name,
        phone,
        text,
        encoding: count.encoding,
        segments: count.segments,
        credits,
        timeZone: c.timeZone ?? null,
        document,
      })
    }
    done += batch.length
    input.onProgress?.(done)
  }
  return totals
}
