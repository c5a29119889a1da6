/** Waits between retries: 2 s, 4 s, 8 s ... up to an hour (the curve Shopify's own webhooks follow). */
export function backoffMs(attempts: number): number {
  return Math.min(60 * 60 * 1000, 1000 * 2 ** Math.min(attempts, 22));
}
