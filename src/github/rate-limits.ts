/**
 * GitHub calls in flight at once (alert reads and resolutions). GitHub asks for no more than
 * 100 concurrent requests; eight keep a sweep's PATCHes within its 900-points-a-minute
 * secondary limit without long queues.
 */
export const GITHUB_CONCURRENCY = 8

/**
 * Alert resolutions in any minute: GitHub's secondary limit allows 900 points a minute per
 * endpoint, and a PATCH costs 5.
 */
export const RESOLUTIONS_PER_MINUTE = 900 / 5
