import { seededRandom } from '../server/core/seeded-random'
/**
 * A deterministic corpus of recruiter text messages for segment benchmarks: the same seed always
 * gives the same messages, so figures from different runs and machines compare.
 */

export type CorpusKind = 'plain' | 'nordic' | 'typographic' | 'emoji' | 'extension' | 'short'

export interface CorpusMessage {
  kind: CorpusKind
  body: string
}

/** Share of each kind in the corpus, in percent. */
const MIX: ReadonlyArray<readonly [CorpusKind, number]> = [
  ['plain', 40],
  ['nordic', 15],
  ['typographic', 15],
  ['emoji', 15],
  ['extension', 10],
  ['short', 5],
]

const PLAIN = [
  'Hi {name}, thanks for applying for the {role} role at {company}.',
  'Are you free for a quick call tomorrow at 10:30?',
  'The client would like to meet you on Thursday at their office in {city}.',
  'Please reply YES to confirm or suggest another time that suits you.',
  'The rate is 450 per day, outside IR35, initial 6 month contract.',
  'Could you send me an updated CV before Friday?',
  'Good news: you have been shortlisted for the second interview!',
  'Parking is available on site; ask for {name} at reception.',
  'Let me know if you have any questions about the job description.',
  'Your timesheet for last week is still missing, could you submit it today?',
  'Reply STOP to opt out.',
  'Kind regards, {name} @ {company} (call 020 7946 0321).',
]

const NORDIC = [
  'Hej {name}! Tack för din ansökan till tjänsten som {role} på {company}.',
  'Kan du komma på intervju på torsdag kl. 10 i Göteborg?',
  'Vi ses på kontoret i Malmö, fråga efter Åsa i receptionen.',
  'Hei {name}, vi har en ny stilling som sykepleier i Tromsø og Bodø.',
  'Svar gjerne innen fredag, så sender jeg kontrakten.',
  'Hej, mødet med kunden i Århus er flyttet til kl. 14, gerne på Æblevej 3.',
  'Mvh Øyvind, Ørsted Bemanning. Ring oss på 22 33 44 55.',
]

const TYPOGRAPHIC = [
  'Hi {name} – quick one: are you still interested in the “{role}” role?',
  'It’s a 12–month contract… the client’s keen to move fast.',
  'They said: “we’d love to meet {name}” — can you do Tuesday?',
  'Salary is £45k – £50k + bonus; hybrid, 2 days in the office.',
  '• Start date: ASAP • Location: {city} • Hours: 37.5/week',
  'Don’t forget your ID for the site induction at 8 am.',
]

const EMOJI = [
  'Great news {name} 🎉 you got the job!',
  'Interview confirmed for Monday 10am 👍',
  'Thanks so much 🙏🏽 speak soon!',
  'Well done on the offer 👏👏 the team is thrilled ❤️',
  'We are hiring in {city} 🇬🇧 and Stockholm 🇸🇪!',
  'Family-friendly hours 👨‍👩‍👧‍👦 and a great team 😊',
  'See you there ✅ bring a pen ✏️',
]

const EXTENSION = [
  'Rate: €55/hour [negotiable] {ask for the day rate}',
  'Please use the reference [JOB-4471] in your reply.',
  'Upload your CV at https://jobs.example.com/apply?ref=sms~{name}',
  'Shifts: 7-3 | 3-11 | nights ^ overtime paid at €25',
  'Path: \\\\server\\jobs\\{role}\\brief.pdf',
]

const NAMES = ['Anna', 'Tom', 'Priya', 'Lars', 'Sofie', 'Mohammed', 'Chloe', 'Jakub']
const ROLES = ['Senior Developer', 'Staff Nurse', 'Warehouse Operative', 'Site Manager', 'Accountant']
const COMPANIES = ['Acme Logistics', 'Northwind Health', 'Brightside Build', 'Fjord Data']
const CITIES = ['Leeds', 'Bristol', 'Manchester', 'Glasgow', 'Cardiff']

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!
}

function fill(random: () => number, sentence: string): string {
  return sentence
    .replaceAll('{name}', pick(random, NAMES))
    .replaceAll('{role}', pick(random, ROLES))
    .replaceAll('{company}', pick(random, COMPANIES))
    .replaceAll('{city}', pick(random, CITIES))
}

/** Sentences of the kind, topped up with plain ones, until the body reaches the target length. */
function compose(random: () => number, kind: CorpusKind): string {
  const own = { plain: PLAIN, nordic: NORDIC, typographic: TYPOGRAPHIC, emoji: EMOJI, extension: EXTENSION }
  const target = kind === 'short' ? 30 + Math.floor(random() * 120) : 160 + Math.floor(random() * 141)
  const sentences = kind === 'short' ? PLAIN : own[kind]
  let body = fill(random, pick(random, sentences))
  for (let attempt = 0; attempt < 30 && body.length < target; attempt++) {
    const source = random() < 0.5 ? sentences : PLAIN
    const next = fill(random, pick(random, source))
    if (body.length + 1 + next.length <= target + 20) body += ` ${next}`
  }
  return body
}

export function buildCorpus(size: number, seed = 20_240_601): CorpusMessage[] {
  const random = seededRandom(seed)
  const messages: CorpusMessage[] = []
  for (const [kind, percent] of MIX) {
    const count = Math.round((size * percent) / 100)
    for (let i = 0; i < count; i++) messages.push({ kind, body: compose(random, kind) })
  }
  // Interleave kinds so no benchmark phase sees one kind only.
  for (let i = messages.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[messages[i], messages[j]] = [messages[j]!, messages[i]!]
  }
  return messages
}
