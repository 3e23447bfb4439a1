import type { ProviderDocs } from '../types.js'

/** What the generated docs say about aws (`npm run generate`); no run reads it. */
export const docs: ProviderDocs = {
  idForm: 'access key id (`AKIA…`)',
  ownFormat:
    '`AKIA…:secret` (or the id and secret on one line with a space or tab, or a credentials file’s `aws_access_key_id =` and `aws_secret_access_key =` lines)',
  apiUrl:
    'one origin for IAM and STS (tests, private endpoints); by default IAM is `https://iam.amazonaws.com` and STS its global endpoint `https://sts.amazonaws.com`, both signed for us-east-1',
  credential: {
    where:
      'an IAM role the workflow assumes with aws-actions/configure-aws-credentials (OIDC: no long-lived secret in the repository), which sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN',
    allowed:
      '`iam:GetAccessKeyLastUsed`, `iam:ListAccessKeys`, `iam:UpdateAccessKey` (and `iam:DeleteAccessKey` with `aws-delete: true`) on `arn:aws:iam::<account>:user/*`, and `sts:GetAccessKeyInfo` (resource `*`)',
    without:
      'Required: a leaked key is never deactivated with itself (AWS’s quarantine policy denies it that anyway)'
  },
  secretTypes: {
    aws_access_key_id:
      'the access key id of a pair (GitHub raises the secret as a second alert in the same file): deactivated by id',
    aws_secret_access_key:
      'the secret of a pair alone names no key (no AWS API maps a secret to its id): left open for a person, with the id alert of the same file to act on',
    aws_temporary_access_key_id:
      'a temporary key made by STS (`ASIA…`): UpdateAccessKey cannot deactivate it; reported for a person (revoke the role’s active sessions, or let it expire)'
  }
}
