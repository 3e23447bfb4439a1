// Stops early, with what to do, when the project's scripts run on a Node.js older than 24.
//
// `npm ci` installs Node 24 into node_modules (the `node` devDependency, through its install
// script), and npm scripts run on it. With --ignore-scripts (or ignore-scripts=true in .npmrc)
// that install script never runs, the scripts fall back to the system's node, and the tests
// would fail on an older Node with errors that do not say why (`process.getBuiltinModule`, which
// the HTTP layer uses, needs Node 22.3+).
//
// Used as Jest's globalSetup (`npm test`) and run directly before the demo and the sandbox.
import { fileURLToPath } from 'node:url'

const REQUIRED = 24

export function nodeProblem(version = process.versions.node, execPath = process.execPath) {
  const major = Number(version.split('.')[0])
  if (major >= REQUIRED) return undefined
  return [
    `revoke-leaked-keys needs Node.js ${REQUIRED} or later; this is Node.js ${version} (${execPath}).`,
    `npm ci installs Node ${REQUIRED} into node_modules (the "node" devDependency) with an install script,`,
    'which --ignore-scripts or ignore-scripts=true in .npmrc skips. To fix, either:',
    '  - run `npm ci` again without --ignore-scripts (or run `npm rebuild node` once), or',
    `  - install Node.js ${REQUIRED} yourself (for example \`nvm install ${REQUIRED}\`) and put it first on PATH.`
  ].join('\n')
}

export default function requireNode() {
  const problem = nodeProblem()
  if (problem) throw new Error(`\n${problem}\n`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problem = nodeProblem()
  if (problem) {
    console.error(problem)
    process.exit(1)
  }
}
