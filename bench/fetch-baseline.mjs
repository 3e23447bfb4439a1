/* global fetch */
// The bound of the one-key scenarios: the least a Node process can do to send the same
// requests. It sends each request of BENCH_REQUESTS (JSON: [{method, url, headers, body?, expect}])
// with the built-in fetch, one after another, reads each answer, and exits.
const steps = JSON.parse(process.env.BENCH_REQUESTS ?? '[]')
for (const step of steps) {
  const res = await fetch(step.url, { method: step.method, headers: step.headers, body: step.body })
  await res.arrayBuffer()
  if (step.expect !== undefined && res.status !== step.expect) {
    console.error(`${step.method} ${step.url}: HTTP ${res.status}, expected ${step.expect}`)
    process.exitCode = 1
  }
}
