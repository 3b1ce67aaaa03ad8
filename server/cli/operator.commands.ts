import type { Command } from 'commander'
import { ROLES, type Role } from '../core/permissions'
import type { ErrorWithDetails } from '../errors'
import {
  createOperatorToken,
  createOrganizationWithAdmin,
  createUserWithPassword,
  listOrganizations,
  listTokens,
  revokeToken,
} from '../operator/operator.service'
import { openRuntime } from '../runtime'
import { loadCommandConfig } from '../secret-key-file'
import type { AppDeps } from '../service-deps'

/** The platform operator's commands: organizations, their users, and operator tokens for the operator API. */

class OperatorCliError extends Error {}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? []
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  )
}

export async function orgCreate(
  deps: AppDeps,
  options: { name: string; adminEmail: string; adminName?: string; country?: string; credits?: string },
): Promise<string[]> {
  const credits = options.credits === undefined ? 0 : Number(options.credits)
  if (!Number.isInteger(credits) || credits < 0)
    throw new OperatorCliError(`--credits must be a whole number of 0 or more, got "${options.credits}"`)
  const created = await createOrganizationWithAdmin(
    {
      db: deps.database.db,
      clock: deps.clock,
      secretKey: deps.config.secretKey,
      simulatorDeliveryDelayMs: deps.config.simulatorDeliveryDelayMs,
    },
    {
      name: options.name,
      adminEmail: options.adminEmail,
      adminName: options.adminName,
      defaultCountry: options.country,
      credits,
    },
  )
  const { organization: org, admin } = created
  return [
    `Organization "${org.name}" created: ${org.id}`,
    `  Admin:       ${admin.email} (${admin.name})`,
    `  Password:    ${created.password}`,
    '               shown once; the admin signs in with it and can change it under Settings, Users',
    '  Connection:  Phone simulator (default): texts go to the built-in simulator until a provider is connected',
    `  Credits:     ${created.balance}${created.balance === 0 ? ' (nothing can be sent until credits are added: --credits, or an admin tops up)' : ''}`,
    `  Country:     ${org.settings.defaultCountry} (for numbers written without a country code)`,
  ]
}

export async function orgList(deps: AppDeps): Promise<string[]> {
  const orgs = await listOrganizations(deps.database.db)
  if (orgs.length === 0) return ['No organizations yet: create one with `parley org create`']
  return table([
    ['ID', 'NAME', 'USERS', 'BALANCE', 'CREATED'],
    ...orgs.map((o) => [o.id, o.name, String(o.users), String(o.balance), o.createdAt]),
  ])
}

export async function userCreate(
  deps: AppDeps,
  options: { org: string; email: string; name: string; role: string },
): Promise<string[]> {
  if (!(ROLES as readonly string[]).includes(options.role))
    throw new OperatorCliError(`--role must be one of ${ROLES.join(', ')}, got "${options.role}"`)
  const { user, password } = await createUserWithPassword(
    { db: deps.database.db, clock: deps.clock },
    options.org,
    { email: options.email, name: options.name, role: options.role as Role },
  )
  return [
    `User ${user.email} (${user.name}, ${user.role}) created in organization ${user.orgId}: ${user.id}`,
    `  Password: ${password}`,
    '            shown once; they sign in with it and can change it under Settings, Users',
  ]
}

export async function operatorTokenCreate(deps: AppDeps, options: { name: string }): Promise<string[]> {
  const token = await createOperatorToken({ db: deps.database.db, clock: deps.clock }, options.name)
  return [
    `Operator token "${token.name}" (${token.prefix}...), id ${token.id}. Store it now; it is not shown again:`,
    token.secret,
  ]
}

export async function operatorTokenList(deps: AppDeps): Promise<string[]> {
  const tokens = await listTokens(deps.database.db)
  if (tokens.length === 0)
    return ['No operator tokens: create one with `parley operator-token create --name ...`']
  return table([
    ['ID', 'NAME', 'PREFIX', 'CREATED', 'LAST USED', 'REVOKED'],
    ...tokens.map((t) => [
      t.id,
      t.name,
      `${t.prefix}...`,
      t.created_at,
      t.last_used_at ?? '-',
      t.revoked_at ?? '-',
    ]),
  ])
}

export async function operatorTokenRevoke(deps: AppDeps, id: string): Promise<string[]> {
  if (!(await revokeToken({ db: deps.database.db, clock: deps.clock }, id)))
    throw new OperatorCliError(`No live operator token ${id} (see \`parley operator-token list\`)`)
  return [`Operator token ${id} revoked`]
}

/** Opens the database, runs `fn` and prints its lines; our own errors become a sentence and exit code 1. */
function action<A extends unknown[]>(fn: (deps: AppDeps, ...args: A) => Promise<string[]>) {
  return async (...args: A) => {
    const deps = await openRuntime(
      loadCommandConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' }),
    )
    try {
      console.log((await fn(deps, ...args)).join('\n'))
    } catch (error) {
      const coded = error as ErrorWithDetails & { code?: string }
      if (!(error instanceof OperatorCliError) && !coded.code) throw error
      console.error(coded.message)
      process.exitCode = 1
    } finally {
      await deps.database.destroy()
    }
  }
}

export function registerOperatorCommands(program: Command): void {
  const org = program.command('org').description("Organizations (the platform operator's commands)")
  org
    .command('create')
    .description(
      'Create an organization with its first admin; prints its id and the admin password (shown once)',
    )
    .requiredOption('--name <name>', "the organization's name")
    .requiredOption('--admin-email <email>', "the first admin's e-mail")
    .option('--admin-name <name>', "the first admin's name (default: the e-mail's local part)")
    .option('--country <code>', 'ISO 3166 country for numbers without a country code (default GB)')
    .option('--credits <n>', 'credits to start with (default 0)')
    .action(action((deps, options: Parameters<typeof orgCreate>[1]) => orgCreate(deps, options)))
  org
    .command('list')
    .description('Every organization: id, name, users, credit balance, created')
    .action(action((deps) => orgList(deps)))

  program
    .command('user')
    .description("Users of an organization (the platform operator's commands)")
    .command('create')
    .description('Create a user in an organization; prints a password (shown once)')
    .requiredOption('--org <id>', 'the organization (see `parley org list`)')
    .requiredOption('--email <email>', 'new within that organization; other organizations may use it')
    .requiredOption('--name <name>', "the user's name")
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .action(action((deps, options: Parameters<typeof userCreate>[1]) => userCreate(deps, options)))

  const token = program
    .command('operator-token')
    .description('Tokens for the operator API (/api/operator/v1); never an organization key')
  token
    .command('create')
    .description('Create an operator token; it is printed once, as the last line')
    .requiredOption('--name <label>', 'a label to recognise the token by')
    .action(action((deps, options: { name: string }) => operatorTokenCreate(deps, options)))
  token
    .command('list')
    .description('Operator tokens (never their secrets)')
    .action(action((deps) => operatorTokenList(deps)))
  token
    .command('revoke')
    .description('Revoke an operator token at once')
    .argument('<id>', 'the token id (see `parley operator-token list`)')
    .action(action((deps, id: string) => operatorTokenRevoke(deps, id)))
}
