import type { OrgSettings } from '../core/org-settings'
import type { Db } from '../db/database'
import { groupBy } from './collections'
import {
  findConversationUsersAndAdmins,
  findPastSenders,
  findTeamMembers,
  findUserTeams,
} from './reply-audience.repository'

export interface AudienceQuestion {
  orgId: string
  conversationId: string
  personIds: readonly string[]
  settings: OrgSettings
}

/**
 * Who is told of a reply (seed 001): the users associated with the conversation; when none, everyone
 * who has texted these people; when the number is unknown too, the organization's admins (the shared
 * inbox). The team option then adds the members of those users' team 1, team 2 or both.
 * Answers many replies at once with one query per step, each step only for the replies that reach it.
 */
export async function findReplyAudiences(
  db: Db,
  questions: readonly AudienceQuestion[],
): Promise<string[][]> {
  const { associated, admins } = await findAssociatedUsersAndAdmins(db, questions)
  const audiences = questions.map((q) => associated.get(q.conversationId) ?? [])
  await addPastSenders(db, questions, audiences)
  questions.forEach((q, i) => {
    if (audiences[i]?.length === 0) audiences[i] = admins.get(q.orgId) ?? []
  })
  await addTeamMates(db, questions, audiences)
  return audiences.map((users) => [...new Set(users)])
}

/**
 * The users of each conversation and the admins of each organization, in one query: the admins
 * are few, and reading them alongside saves a round trip whenever a number is unknown.
 */
async function findAssociatedUsersAndAdmins(db: Db, questions: readonly AudienceQuestion[]) {
  const orgIds = [...new Set(questions.map((q) => q.orgId))]
  const rows = await findConversationUsersAndAdmins(
    db,
    [...new Set(questions.map((q) => q.conversationId))],
    orgIds,
  )
  const sorted = rows.sort((a, b) => (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0))
  const usersOf = (kind: string) => {
    const groups = groupBy(
      sorted.filter((r) => r.kind === kind),
      (r) => r.owner,
    )
    return new Map([...groups].map(([owner, group]) => [owner, [...new Set(group.map((r) => r.user_id))]]))
  }
  return { associated: usersOf('conversation'), admins: usersOf('admin') }
}

async function addPastSenders(
  db: Db,
  questions: readonly AudienceQuestion[],
  audiences: string[][],
): Promise<void> {
  const open = questions.flatMap((q, i) => (audiences[i]?.length === 0 && q.personIds.length > 0 ? [i] : []))
  if (open.length === 0) return
  const personIds = [...new Set(open.flatMap((i) => questions[i]!.personIds))]
  const rows = await findPastSenders(db, personIds)
  for (const i of open) {
    const people = new Set(questions[i]!.personIds)
    audiences[i] = rows.flatMap((r) =>
      people.has(r.person_id) && r.sender_user_id ? [r.sender_user_id] : [],
    )
  }
}

function teamsOf(
  mode: OrgSettings['teamNotificationMode'],
  member: { team1_id: string | null; team2_id: string | null },
): string[] {
  const teams: string[] = []
  if ((mode === 'team1' || mode === 'both') && member.team1_id) teams.push(member.team1_id)
  if ((mode === 'team2' || mode === 'both') && member.team2_id) teams.push(member.team2_id)
  return teams
}

async function addTeamMates(
  db: Db,
  questions: readonly AudienceQuestion[],
  audiences: string[][],
): Promise<void> {
  const open = questions.flatMap((q, i) =>
    q.settings.teamNotificationMode !== 'none' && (audiences[i]?.length ?? 0) > 0 ? [i] : [],
  )
  if (open.length === 0) return
  const members = await findUserTeams(db, [...new Set(open.flatMap((i) => audiences[i]!))])
  const memberById = new Map(members.map((m) => [m.id, m]))
  const teamsByQuestion = new Map<number, Set<string>>()
  for (const i of open) {
    const mode = questions[i]!.settings.teamNotificationMode
    const teams = new Set(
      audiences[i]!.flatMap((id) => {
        const member = memberById.get(id)
        return member ? teamsOf(mode, member) : []
      }),
    )
    if (teams.size > 0) teamsByQuestion.set(i, teams)
  }
  if (teamsByQuestion.size === 0) return
  const orgIds = [...new Set([...teamsByQuestion.keys()].map((i) => questions[i]!.orgId))]
  const allTeams = [...new Set([...teamsByQuestion.values()].flatMap((t) => [...t]))]
  const mates = await findTeamMembers(db, orgIds, allTeams)
  for (const [i, teams] of teamsByQuestion) {
    const orgId = questions[i]!.orgId
    const found = mates.flatMap((m) =>
      m.org_id === orgId &&
      ((m.team1_id !== null && teams.has(m.team1_id)) || (m.team2_id !== null && teams.has(m.team2_id)))
        ? [m.id]
        : [],
    )
    audiences[i] = audiences[i]!.concat(found)
  }
}
