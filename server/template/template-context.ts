import { findCompanyById } from '../company/company.repository'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { findJobById } from '../job/job.repository'
import { findOffice } from '../organization/organization.repository'
import { getOrganization } from '../organization/organization.service'
import { findPersonById, type Person } from '../person/person.repository'
import { findPlacementById } from '../placement/placement.repository'
import { findUserById } from '../user/user.repository'
import type { MergeValues } from './merge-fields'
import {
  companyValues,
  type InterviewFields,
  interviewValues,
  personValues,
  userValues,
} from './merge-values'

/** The sending user, their office and the organization: the same for every recipient of a send. */
export async function loadSenderValues(db: Db, orgId: string, userId: string | null): Promise<MergeValues> {
  const org = await getOrganization(db, orgId)
  const values: MergeValues = { organization: { name: org.name } }
  const user = userId ? await findUserById(db, orgId, userId) : undefined
  if (!user) return values
  values.user = userValues(user)
  if (user.officeId) {
    const office = await findOffice(db, orgId, user.officeId)
    if (office) values.office = { name: office.name, reply_number: office.reply_number }
  }
  return values
}

/** Job (and its company) for texts about one vacancy. */
export async function loadJobValues(
  db: Db,
  orgId: string,
  jobId: string,
): Promise<{ values: MergeValues; companyId: string | null }> {
  const job = await findJobById(db, orgId, jobId)
  if (!job) throw new errors.JOB_NOT_FOUND(jobId)
  return { values: { job: { title: job.title, status: job.status } }, companyId: job.companyId }
}

export interface MergeSubjects {
  personId: string
  jobId?: string | undefined
  placementId?: string | undefined
  userId: string | null
  interview?: InterviewFields | undefined
}

export function personFieldsOf(person: Person) {
  return personValues({
    firstName: person.firstName,
    lastName: person.lastName,
    mobile: person.mobile,
    email: person.email,
    jobTitle: person.jobTitle,
    kind: person.kind,
    customFields: person.customFields,
  })
}

/**
 * Every value a text about one person can use. The company is the job's when a job is named (the
 * hiring client), else the person's own.
 */
export async function loadMergeValues(db: Db, orgId: string, subjects: MergeSubjects): Promise<MergeValues> {
  const person = await findPersonById(db, orgId, subjects.personId)
  if (!person) throw new errors.PERSON_NOT_FOUND(subjects.personId)
  const values: MergeValues = {
    ...(await loadSenderValues(db, orgId, subjects.userId)),
    person: personFieldsOf(person),
  }
  let jobId = subjects.jobId
  if (subjects.placementId) {
    const placement = await findPlacementById(db, orgId, subjects.placementId)
    if (!placement) throw new errors.PLACEMENT_NOT_FOUND(subjects.placementId)
    values.placement = { start_date: placement.startDate }
    jobId ??= placement.jobId
  }
  let companyId = person.companyId
  if (jobId) {
    const job = await loadJobValues(db, orgId, jobId)
    Object.assign(values, job.values)
    companyId = job.companyId ?? companyId
  }
  if (companyId) {
    const company = await findCompanyById(db, orgId, companyId)
    if (company) values.company = companyValues(company)
  }
  if (subjects.interview) values.interview = interviewValues(subjects.interview)
  return values
}
