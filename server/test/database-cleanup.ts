import { afterAll } from 'vitest'
import { dropSpareSchemas } from './test-databases'

// Runs after each test file's own hooks: the PostgreSQL schemas its tests emptied for reuse go.
afterAll(() => dropSpareSchemas())
