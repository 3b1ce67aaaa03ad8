import { type Static, Type } from 'typebox'
import { ExternalId, PersonSchema } from './people'
import { Body, Nullable, PageQuery } from './schema'

export const JobStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('on_hold'),
  Type.Literal('filled'),
  Type.Literal('closed'),
])
export type JobStatus = Static<typeof JobStatus>

export const JobSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  companyId: Nullable(Type.String()),
  mainContactId: Nullable(Type.String()),
  lineManagerId: Nullable(Type.String()),
  status: JobStatus,
  externalId: Nullable(Type.String({ description: "The job's id in your ATS" })),
  createdAt: Type.String(),
})

const Ref = Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 })))

export const CreateJobBody = Body({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  companyId: Ref,
  mainContactId: Ref,
  lineManagerId: Ref,
  status: Type.Optional(JobStatus),
  externalId: Type.Optional(Nullable(ExternalId)),
})
export type CreateJobBody = Static<typeof CreateJobBody>

export const UpdateJobBody = Body({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  companyId: Ref,
  mainContactId: Ref,
  lineManagerId: Ref,
  status: Type.Optional(JobStatus),
  externalId: Type.Optional(Nullable(ExternalId)),
})
export type UpdateJobBody = Static<typeof UpdateJobBody>

export const ListJobsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the title' })),
  companyId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  status: Type.Optional(JobStatus),
  externalId: Type.Optional(ExternalId),
  ...PageQuery,
})

/** The part a person plays in a job or placement. */
export const RecordRole = Type.Union([
  Type.Literal('main_contact'),
  Type.Literal('line_manager'),
  Type.Literal('applicant'),
])

/** A person a job or placement names, with the part they play (once per part). */
export const RecordPersonSchema = Type.Object({
  role: RecordRole,
  placementId: Nullable(Type.String({ description: 'The placement that names an applicant' })),
  person: PersonSchema,
})

/** Everyone a job or placement names, answered at once (never a long list). */
export const RecordPeople = Type.Object({ items: Type.Array(RecordPersonSchema) })
