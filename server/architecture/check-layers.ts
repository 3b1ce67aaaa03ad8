import { checkLayers, describeViolation, readServerSources } from './layer-rules'

/** `npm run check:layers`: every broken layer rule, one per line; exits 1 if there is any. */
const violations = checkLayers(readServerSources(new URL('../..', import.meta.url).pathname))
for (const v of violations) console.log(describeViolation(v))
console.log(violations.length === 0 ? 'The layer rules hold.' : `${violations.length} broken layer rule(s).`)
process.exitCode = violations.length === 0 ? 0 : 1
