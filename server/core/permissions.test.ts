import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { PermissionSchema } from '../../common/api/account'
import { isPermission, PERMISSIONS, ROLE_PERMISSIONS, ROLES } from './permissions'

describe('permissions', () => {
  it('are one list: the API schema and the checks accept exactly those of common/permissions.ts', () => {
    for (const permission of PERMISSIONS) {
      expect(isPermission(permission)).toBe(true)
      expect(Value.Check(PermissionSchema, permission)).toBe(true)
    }
    for (const other of ['sms', 'SMS.SEND', 'sms.send ', 'admin', '']) {
      expect(isPermission(other)).toBe(false)
      expect(Value.Check(PermissionSchema, other)).toBe(false)
    }
  })

  it('give admins all of them, and every role only listed ones', () => {
    expect([...ROLE_PERMISSIONS.admin]).toEqual([...PERMISSIONS])
    for (const role of ROLES) expect(ROLE_PERMISSIONS[role].every(isPermission)).toBe(true)
  })
})
