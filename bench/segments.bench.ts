import { SegmentedMessage } from 'sms-segments-calculator'
import { countSegments } from '../server/core/segments'
import { buildCorpus } from './corpus'

const CORPUS_SIZE = 2_000
const TARGET_RATIO = 100
const WARM_UP_MS = 300
const PARLEY_MS = 2_000
const PACKAGE_MS = 3_000

interface Timing {
  messages: number
  seconds: number
  perSecond: number
}

/** Runs `count` over the corpus in full passes until `budgetMs` is spent (at least one message). */
function measure(bodies: string[], budgetMs: number, count: (body: string) => number): Timing {
  let messages = 0
  let checksum = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < budgetMs) {
    for (let i = 0; i < bodies.length; i++) {
      checksum += count(bodies[i]!)
      messages++
      // Checking the clock every 64 messages keeps its cost out of the figure.
      if ((messages & 63) === 0 && performance.now() - start >= budgetMs) break
    }
    elapsed = performance.now() - start
  }
  if (checksum < 0) throw new Error('unreachable: keeps the counting from being optimised away')
  const seconds = elapsed / 1000
  return { messages, seconds, perSecond: messages / seconds }
}

function format(value: number): string {
  return Math.round(value).toLocaleString('en-GB')
}

export async function run(): Promise<void> {
  const corpus = buildCorpus(CORPUS_SIZE)
  const bodies = corpus.map((m) => m.body)
  const lengths = bodies.map((b) => b.length).sort((a, b) => a - b)
  const inRange = lengths.filter((l) => l >= 160 && l <= 300).length

  const parleyCount = (body: string) => countSegments(body).segments
  const packageCount = (body: string) => new SegmentedMessage(body).segmentsCount
  measure(bodies, WARM_UP_MS, parleyCount)
  measure(bodies.slice(0, 200), WARM_UP_MS, packageCount)
  const parley = measure(bodies, PARLEY_MS, parleyCount)
  const pkg = measure(bodies, PACKAGE_MS, packageCount)

  // Agreement on the whole corpus, both counters on every message.
  let agree = 0
  let ucs2 = 0
  const disagreements: string[] = []
  for (const body of bodies) {
    const ours = countSegments(body)
    const theirs = new SegmentedMessage(body)
    if (ours.encoding === 'UCS-2') ucs2++
    if (ours.encoding === theirs.encodingName && ours.segments === theirs.segmentsCount) agree++
    else if (disagreements.length < 3) {
      disagreements.push(
        `  ${JSON.stringify(body.slice(0, 60))}...: Parley ${ours.encoding}/${ours.segments}, ` +
          `package ${theirs.encodingName}/${theirs.segmentsCount}`,
      )
    }
  }

  const ratio = parley.perSecond / pkg.perSecond
  console.log('segments: countSegments vs sms-segments-calculator')
  console.log(
    `  corpus: ${bodies.length} messages, ${Math.round((100 * ucs2) / bodies.length)}% UCS-2, ` +
      `length median ${lengths[lengths.length >> 1]}, ${Math.round((100 * inRange) / bodies.length)}% within 160-300`,
  )
  console.log(
    `  Parley:                 ${format(parley.perSecond).padStart(12)} messages/s (${format(parley.messages)} in ${parley.seconds.toFixed(2)} s)`,
  )
  console.log(
    `  sms-segments-calculator: ${format(pkg.perSecond).padStart(11)} messages/s (${format(pkg.messages)} in ${pkg.seconds.toFixed(2)} s)`,
  )
  console.log(
    `  ratio: ${ratio.toFixed(1)}x (target ${TARGET_RATIO}x: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`,
  )
  console.log(
    `  agreement on encoding + segments: ${agree}/${bodies.length} (${((100 * agree) / bodies.length).toFixed(2)}%)`,
  )
  for (const line of disagreements) console.log(line)
}
