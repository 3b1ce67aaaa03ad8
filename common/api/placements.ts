import { type Static, Type } from 'typebox'
import { ExternalId } from './people'
import { Body, Nullable, PageQuery } from './schema'

export const PlacementSchema = Type.Object({
  id: Type.String(),
  jobId: Type.String(),
  applicantId: Type.String(),
  mainContactId: Nullable(Type.String()),
  lineManagerId: Nullable(Type.String()),
  startDate: Nullable(Type.String({ format: 'date' })),
  externalId: Nullable(Type.String({ description: "The placement's id in your ATS" })),
  createdAt: Type.String(),
})

const Id = Type.String({ minLength: 1, maxLength: 100 })
const StartDate = Type.Optional(Nullable(Type.String({ format: 'date', description: 'YYYY-MM-DD' })))

/** `mainContactId` and `lineManagerId` default to the job's when left out. */
export const CreatePlacementBody = Body({
  jobId: Id,
  applicantId: Id,
  mainContactId: Type.Optional(Nullable(Id)),
  lineManagerId: Type.Optional(Nullable(Id)),
  startDate: StartDate,
  externalId: Type.Optional(Nullable(ExternalId)),
})
export type CreatePlacementBody = Static<typeof CreatePlacementBody>

export const UpdatePlacementBody = Body({
  applicantId: Type.Optional(Id),
  mainContactId: Type.Optional(Nullable(Id)),
  lineManagerId: Type.Optional(Nullable(Id)),
  startDate: StartDate,
  externalId: Type.Optional(Nullable(ExternalId)),
})
export type UpdatePlacementBody = Static<typeof UpdatePlacementBody>

export const ListPlacementsQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 200, description: "Part of the job title or the applicant's name" }),
  ),
  jobId: Type.Optional(Id),
  applicantId: Type.Optional(Id),
  externalId: Type.Optional(ExternalId),
  ...PageQuery,
})

/** A PUT by external id: a placement's fields, and its job (required to create, never changed). */
export const UpsertPlacementBody = Body({
  jobId: Type.Optional(Id),
  applicantId: Type.Optional(Id),
  mainContactId: Type.Optional(Nullable(Id)),
  lineManagerId: Type.Optional(Nullable(Id)),
  startDate: StartDate,
  externalId: Type.Optional(Nullable(ExternalId)),
})
