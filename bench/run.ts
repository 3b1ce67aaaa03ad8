/**
 * `npm run bench [-- <filter>]`: runs each benchmark module in turn, or only those whose name
 * contains the filter. A module exports `run(): Promise<void>` and prints its own figures; add one
 * with a single line below.
 */

interface BenchmarkModule {
  run(): Promise<void>
}

const BENCHMARKS: ReadonlyArray<{ name: string; load: () => Promise<BenchmarkModule> }> = [
  { name: 'segments', load: () => import('./segments.bench') },
  { name: 'ingest', load: () => import('./ingest.bench') },
  { name: 'dispatch', load: () => import('./dispatch.bench') },
  { name: 'providers', load: () => import('./providers.bench') },
  { name: 'inbox', load: () => import('./inbox.bench') },
  { name: 'mailshot', load: () => import('./mailshot.bench') },
]

async function main(): Promise<void> {
  const filter = process.argv[2]
  const selected = filter ? BENCHMARKS.filter((b) => b.name.includes(filter)) : BENCHMARKS
  if (selected.length === 0) {
    const names = BENCHMARKS.map((b) => b.name).join(', ')
    console.error(`No benchmark matches "${filter}". Benchmarks: ${names}`)
    process.exitCode = 1
    return
  }
  for (const benchmark of selected) {
    const started = performance.now()
    const module = await benchmark.load()
    await module.run()
    console.log(`  (${benchmark.name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
