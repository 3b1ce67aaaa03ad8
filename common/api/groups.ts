import { type Static, Type } from 'typebox'
import { Body, PageOnlyQuery, PageQuery } from './schema'

export const GroupSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  memberCount: Type.Integer({ description: 'Members that are not deleted' }),
  createdAt: Type.String(),
})

export const CreateGroupBody = Body({ name: Type.String({ minLength: 1, maxLength: 200 }) })
export type CreateGroupBody = Static<typeof CreateGroupBody>
export const UpdateGroupBody = CreateGroupBody

export const ListGroupsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the name' })),
  ...PageQuery,
})

/** A group's members page like every list (`cursor`, `nextCursor`). */
export const GroupMembersQuery = PageOnlyQuery

export const AddGroupMembersBody = Body({
  personIds: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 1000 }),
})

export const AddGroupMembersReply = Type.Object({
  added: Type.Integer({ description: 'People who were not members before' }),
  memberCount: Type.Integer(),
})

export const GroupMemberParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
  personId: Type.String({ minLength: 1, maxLength: 100 }),
})
