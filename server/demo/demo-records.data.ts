import { seededRandom } from '../core/seeded-random'
/** Fixed content for the demo records: names, numbers and companies per region. */

export type Region = 'GB' | 'SE' | 'NO' | 'DK' | 'FI' | 'AU'
export type Rng = () => number

/** Varied but repeatable demo data. */
export const createRng: (seed: number) => Rng = seededRandom

export const words = (text: string): readonly string[] => text.split(' ')
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T
export const digits = (rng: Rng, count: number) =>
  Array.from({ length: count }, () => Math.floor(rng() * 10)).join('')

const AU_FICTIONAL = words(
  '570006 570156 570157 570158 570159 570110 570313 570737 571266 571491 571804 572549 572665 572983 ' +
    '573770 573087 574118 574632 575254 575789 576398 576801 577426 577644 578957 578148 578888 579212',
).map((tail) => `+61491${tail}`)
const SE_FICTIONAL = Array.from({ length: 95 }, (_, i) => `+467017406${String(5 + i).padStart(2, '0')}`)

export interface RegionSpec {
  count: number
  zones: readonly string[]
  first: readonly string[]
  last: readonly string[]
  cities: readonly string[]
  /** A candidate number; kept only when libphonenumber calls it a valid mobile of the region. */
  mobile: (rng: Rng, index: number) => string
}

export const REGIONS: Record<Region, RegionSpec> = {
  GB: {
    count: 110,
    zones: ['Europe/London'],
    first: words(
      'Oliver Amelia Harry Isla George Ava Noah Mia Jack Sophie Priya Mohammed Grace Thomas ' +
        'Chloe Aisha James Emily Daniel Hannah Ravi Zara Callum Niamh',
    ),
    last: words(
      'Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Robinson Wright Thompson ' +
        "Evans Walker Khan Hughes Edwards Green Hall O'Connor Campbell Okafor",
    ),
    cities: words('London London London Manchester Leeds Bristol Edinburgh Birmingham'),
    mobile: (rng) => `+447${pick(rng, ['4', '5', '7', '8', '9'])}${digits(rng, 8)}`,
  },
  SE: {
    count: 30,
    zones: ['Europe/Stockholm'],
    first: words('Erik Anna Lars Karin Björn Sofia Johan Maja Anders Elin Åsa Oskar'),
    last: words('Andersson Johansson Karlsson Nilsson Eriksson Larsson Lindqvist Åström Berg Sjöberg'),
    cities: words('Stockholm Göteborg Malmö Uppsala'),
    mobile: (_rng, index) => SE_FICTIONAL[index % SE_FICTIONAL.length] as string,
  },
  NO: {
    count: 15,
    zones: ['Europe/Oslo'],
    first: words('Ole Ingrid Magnus Nora Henrik Sigrid Jonas Solveig'),
    last: words('Hansen Johansen Olsen Larsen Haugen Bakke Solberg Dahl'),
    cities: words('Oslo Bergen Trondheim'),
    mobile: (rng) => `+47${pick(rng, ['4', '9'])}${digits(rng, 7)}`,
  },
  DK: {
    count: 15,
    zones: ['Europe/Copenhagen'],
    first: words('Mads Freja Søren Ida Rasmus Mette Frederik Line'),
    last: words('Jensen Nielsen Hansen Pedersen Sørensen Kjær Møller Christensen'),
    cities: words('København Aarhus Odense'),
    mobile: (rng) => `+45${pick(rng, ['2', '3', '4', '5', '6', '7'])}${digits(rng, 7)}`,
  },
  FI: {
    count: 10,
    zones: ['Europe/Helsinki'],
    first: words('Mikko Aino Juha Helmi Antti Venla Jussi Satu'),
    last: words('Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen'),
    cities: words('Helsinki Tampere Turku'),
    mobile: (rng) => `+358${pick(rng, ['40', '41', '44', '45', '50'])}${digits(rng, 7)}`,
  },
  AU: {
    count: 20,
    zones: ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Brisbane', 'Australia/Perth'],
    first: words('Jack Charlotte William Olivia Lachlan Matilda Cooper Ruby Mitchell Chloe'),
    last: words('Smith Nguyen Wilson Kelly Murphy Ryan Walsh Chen Taylor Martin'),
    cities: words('Sydney Melbourne Brisbane Perth'),
    mobile: (_rng, index) => AU_FICTIONAL[index % AU_FICTIONAL.length] as string,
  },
}

export const PROFESSIONS = [
  {
    key: 'java',
    tags: ['java', 'developer'],
    titles: ['Java Developer', 'Senior Java Engineer', 'Backend Developer (Java)'],
  },
  { key: 'frontend', tags: ['javascript', 'developer'], titles: ['Frontend Developer', 'React Developer'] },
  { key: 'nurse', tags: ['nurse', 'healthcare'], titles: ['Registered Nurse', 'Theatre Nurse', 'ICU Nurse'] },
  {
    key: 'finance',
    tags: ['finance'],
    titles: ['Management Accountant', 'Finance Analyst', 'Interim Financial Controller'],
  },
  { key: 'data', tags: ['data'], titles: ['Data Analyst', 'Data Engineer'] },
  { key: 'logistics', tags: ['logistics'], titles: ['Warehouse Supervisor', 'Transport Planner'] },
] as const
export const CONTACT_TITLES = words(
  'Hiring_Manager Head_of_Engineering HR_Business_Partner Finance_Director Ward_Manager ' +
    'Talent_Acquisition_Lead Operations_Manager CTO',
).map((title) => title.replaceAll('_', ' '))

/** name | region | switchboard | the profession it hires */
export const COMPANIES = `Brightwater Digital|GB|020 3880 0101|frontend
Thames Capital Partners|GB|020 3880 0102|finance
Northgate Health NHS Trust|GB|0161 880 0103|nurse
Harbour Logistics|GB|0117 380 0104|logistics
Kingsway Software|GB|020 3880 0105|java
Albion Engineering|GB|0113 380 0106|data
Caledonia Energy|GB|0131 380 0107|data
Mercia Retail Group|GB|0121 380 0108|logistics
Severn Insurance|GB|0117 380 0109|finance
Pennine Foods|GB|0113 380 0110|logistics
Nordljus Teknik AB|SE|08 123 456 01|java
Skärgårdens Vård AB|SE|031 123 45 67|nurse
Fjordline Helse AS|NO|22 12 34 56|nurse
Øresund Finans A/S|DK|33 12 34 56|finance
Saimaa Systems Oy|FI|09 1234 5678|java
Southern Cross Mining|AU|02 9876 5401|data
Harbourside Health|AU|02 9876 5402|nurse
Coral Coast Tourism|AU|07 3123 4503|frontend
Eureka Analytics|AU|03 9123 4504|data
Outback Freight|AU|08 9123 4505|logistics`
  .split('\n')
  .map((line) => line.split('|') as [string, Region, string, string])
