/* global structuredClone, URL */
// Writes src/providers/aws/smithy.json from AWS's published Smithy models of IAM and STS:
//   node scripts/trim-smithy.mjs <iam-2010-05-08.json> <sts-2011-06-15.json>
// Kept: each service's version and its sigv4, awsQuery, service and xmlNamespace traits; the
// operations the adapter calls; every shape they reach. Dropped: documentation, examples, the
// endpoint rules, and every other operation. The result is the contract the sandbox checks.
import { readFileSync, writeFileSync } from 'node:fs'

const OPERATIONS = {
  'com.amazonaws.iam#': [
    'CreateAccessKey',
    'DeleteAccessKey',
    'GetAccessKeyLastUsed',
    'ListAccessKeys',
    'ListUserTags',
    'TagUser',
    'UpdateAccessKey'
  ],
  'com.amazonaws.sts#': ['GetAccessKeyInfo', 'GetCallerIdentity']
}
const SERVICE_TRAITS = [
  'aws.api#service',
  'aws.auth#sigv4',
  'aws.protocols#awsQuery',
  'smithy.api#xmlNamespace'
]
const DROPPED_TRAITS = ['smithy.api#documentation', 'smithy.api#examples']

function trim(model, namespace, operations) {
  const out = {}
  const reach = (id) => {
    if (!id.startsWith(namespace) || out[id]) return
    const shape = structuredClone(model.shapes[id])
    if (!shape) throw new Error(`${id} is not in the model`)
    for (const trait of DROPPED_TRAITS) delete shape.traits?.[trait]
    out[id] = shape
    const targets = ['input', 'output', 'member', 'key', 'value'].flatMap((k) =>
      shape[k]?.target ? [shape[k].target] : []
    )
    for (const error of shape.errors ?? []) targets.push(error.target)
    for (const member of Object.values(shape.members ?? {})) {
      for (const trait of DROPPED_TRAITS) delete member.traits?.[trait]
      targets.push(member.target)
    }
    targets.forEach(reach)
  }
  const [serviceId, service] = Object.entries(model.shapes).find(([, s]) => s.type === 'service')
  out[serviceId] = {
    type: 'service',
    version: service.version,
    operations: operations.map((name) => ({ target: namespace + name })),
    traits: Object.fromEntries(SERVICE_TRAITS.map((t) => [t, service.traits[t]]))
  }
  operations.forEach((name) => reach(namespace + name))
  return out
}

const [iamFile, stsFile] = process.argv.slice(2)
if (!iamFile || !stsFile) throw new Error('usage: trim-smithy.mjs <iam model> <sts model>')
const shapes = {
  ...trim(
    JSON.parse(readFileSync(iamFile, 'utf8')),
    'com.amazonaws.iam#',
    OPERATIONS['com.amazonaws.iam#']
  ),
  ...trim(
    JSON.parse(readFileSync(stsFile, 'utf8')),
    'com.amazonaws.sts#',
    OPERATIONS['com.amazonaws.sts#']
  )
}
const sorted = Object.fromEntries(
  Object.keys(shapes)
    .sort()
    .map((k) => [k, shapes[k]])
)
writeFileSync(
  new URL('../src/providers/aws/smithy.json', import.meta.url),
  `${JSON.stringify({ smithy: '2.0', shapes: sorted }, null, 2)}\n`
)
