#!/usr/bin/env node
// The installed `parley` command: runs the TypeScript entry point through tsx's loader.
import { register } from 'tsx/esm/api'

register()
await import('../server/main.ts')
