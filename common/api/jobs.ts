import { type Static, Type } from 'typebox'
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
  createdAt: Type.String(),
})

const Ref = Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 })))

export const CreateJobBody = Body({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  companyId: Ref,
  mainContactId: Ref,
  lineManagerId: Ref,
  status: Type.Optional(JobStatus),
})
export type CreateJobBody = Static<typeof CreateJobBody>

export const UpdateJobBody = Body({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  companyId: Ref,
  mainContactId: Ref,
  lineManagerId: Ref,
  status: Type.Optional(JobStatus),
})
export type UpdateJobBody = Static<typeof UpdateJobBody>

export const ListJobsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the title' })),
  companyId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  status: Type.Optional(JobStatus),
  ...PageQuery,
})
