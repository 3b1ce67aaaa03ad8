import { type Static, Type } from 'typebox'
import { ExternalId } from './people'
import { Body, Nullable, PageQuery } from './schema'

export const CompanySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  phone: Nullable(Type.String({ description: 'E.164' })),
  website: Nullable(Type.String()),
  externalId: Nullable(Type.String({ description: "The company's id in your ATS or CRM" })),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})

const companyFields = {
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'As typed, any phone number' }))),
  website: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  externalId: Type.Optional(Nullable(ExternalId)),
}

export const CreateCompanyBody = Body({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  ...companyFields,
})
export type CreateCompanyBody = Static<typeof CreateCompanyBody>

export const UpdateCompanyBody = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  ...companyFields,
})
export type UpdateCompanyBody = Static<typeof UpdateCompanyBody>

export const ListCompaniesQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the name' })),
  externalId: Type.Optional(ExternalId),
  ...PageQuery,
})
