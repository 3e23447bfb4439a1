/**
 * GitHub calls in flight at once (alert reads and resolutions). GitHub asks for no more than
 * 100 concurrent requests; eight keep a sweep's PATCHes within its 900-points-a-minute
 * secondary limit without long queues.
 */
export const GITHUB_CONCURRENCY = 8
