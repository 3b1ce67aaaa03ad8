import { relative } from 'node:path'
import type { Reporter, TestModule } from 'vitest/node'

/** After a run, the ten test files that took longest (collecting and running), to know what to speed up. */
export default class SlowestFilesReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const timed = modules
      .map((module) => {
        const d = module.diagnostic()
        return { file: relative(process.cwd(), module.moduleId), ms: d.collectDuration + d.duration }
      })
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10)
    if (timed.length === 0) return
    const lines = timed.map(({ file, ms }) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${file}`)
    process.stdout.write(`\nSlowest test files:\n${lines.join('\n')}\n`)
  }
}
