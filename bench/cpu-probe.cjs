// Loaded with `node --require` by the paired scenarios: at exit, writes the process's own CPU
// time (user + system, ms). CommonJS, so that loading it costs the process next to nothing.
const { writeFileSync } = process.getBuiltinModule('node:fs')

process.on('exit', () => {
  const usage = process.resourceUsage()
  writeFileSync(process.env.BENCH_CPU_FILE, `${(usage.userCPUTime + usage.systemCPUTime) / 1000}\n`)
})
