import { type Static, Type } from 'typebox'
import { Body, Nullable, PageQuery } from './schema'

export const PlacementSchema = Type.Object({
  id: Type.String(),
  jobId: Type.String(),
  applicantId: Type.String(),
  mainContactId: Nullable(Type.String()),
  lineManagerId: Nullable(Type.String()),
  startDate: Nullable(Type.String({ format: 'date' })),
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
})
export type CreatePlacementBody = Static<typeof CreatePlacementBody>

export const UpdatePlacementBody = Body({
  applicantId: Type.Optional(Id),
  mainContactId: Type.Optional(Nullable(Id)),
  lineManagerId: Type.Optional(Nullable(Id)),
  startDate: StartDate,
})
export type UpdatePlacementBody = Static<typeof UpdatePlacementBody>

export const ListPlacementsQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 200, description: "Part of the job title or the applicant's name" }),
  ),
  jobId: Type.Optional(Id),
  applicantId: Type.Optional(Id),
  ...PageQuery,
})
