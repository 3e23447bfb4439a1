// Loaded with `node --import` when GNU time is missing: at exit, writes the process's own
// peak RSS (the kernel's maxrss, in KB) and CPU seconds, in GNU time's "%M %U %S" form.
import { writeFileSync } from 'node:fs'

process.on('exit', () => {
  const usage = process.resourceUsage()
  const line = `${usage.maxRSS} ${usage.userCPUTime / 1e6} ${usage.systemCPUTime / 1e6}\n`
  writeFileSync(process.env.BENCH_RSS_FILE, line)
})
