import { Type } from 'typebox'
import { OrganizationSchema, Role, UserSchema } from './account'
import { Body } from './schema'

/** The platform operator's API (`/api/operator/v1`): organizations and their users, with an operator token. */

export const CreateOrganizationBody = Body({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  adminEmail: Type.String({ format: 'email', maxLength: 320, description: "The first admin's e-mail" }),
  adminName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  defaultCountry: Type.Optional(
    Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166 country for local numbers (default GB)' }),
  ),
  credits: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'Credits to start with (default 0)' }),
  ),
})

export const CreatedOrganizationSchema = Type.Object({
  organization: OrganizationSchema,
  admin: UserSchema,
  password: Type.String({ description: "The admin's password, in this answer only" }),
  balance: Type.Integer(),
})

export const OrganizationSummarySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  users: Type.Integer(),
  balance: Type.Integer(),
  createdAt: Type.String(),
})

export const OperatorCreateUserBody = Body({
  email: Type.String({ format: 'email', maxLength: 320 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: Role,
})

export const CreatedUserSchema = Type.Object({
  user: UserSchema,
  password: Type.String({ description: "The user's password, in this answer only" }),
})

export const OrganizationSummaryList = Type.Object({ items: Type.Array(OrganizationSummarySchema) })
