// Pure tier rules: which tier a member's progress value reaches, and how far the next one is.
// The progress value is points earned or amount spent (minor units) within the tier window.

/** A ladder longer than this helps nobody read it. */
export const MAX_TIERS = 10;

export type TierBasis = "points" | "spend";
export type TierWindow = "lifetime" | "rolling12" | "calendar_year";

export interface TierLevel {
  id: string;
  name: string;
  threshold: number;
  multiplierPercent: number;
}

/** Where the window that counts toward tiers starts; null for lifetime. Times are UTC. */
export function tierWindowStart(window: TierWindow, now: Date): Date | null {
  switch (window) {
    case "lifetime":
      return null;
    case "calendar_year":
      return new Date(Date.UTC(now.getUTCFullYear(), 0, 1));
    case "rolling12": {
      const start = new Date(now);
      start.setUTCFullYear(now.getUTCFullYear() - 1);
      // 29 February a year back is 1 March: keep the window at most a year long.
      if (start.getUTCMonth() !== now.getUTCMonth()) start.setUTCDate(0);
      return start;
    }
  }
}

function byThreshold(tiers: readonly TierLevel[]): TierLevel[] {
  return [...tiers].sort((a, b) => a.threshold - b.threshold || a.id.localeCompare(b.id));
}

/** The highest tier whose threshold the value reaches, or null below every tier. */
export function tierFor(tiers: readonly TierLevel[], value: number): TierLevel | null {
  let reached: TierLevel | null = null;
  for (const tier of byThreshold(tiers)) if (value >= tier.threshold) reached = tier;
  return reached;
}

export interface TierProgress {
  current: TierLevel | null;
  next: TierLevel | null;
  /** Still needed for the next tier; 0 at the top. */
  toNext: number;
  /** Progress from the current tier's threshold to the next one, 0..100 (100 at the top). */
  percent: number;
}

export function tierProgress(tiers: readonly TierLevel[], value: number): TierProgress {
  const current = tierFor(tiers, value);
  const next = byThreshold(tiers).find((t) => t.threshold > value) ?? null;
  if (!next) return { current, next, toNext: 0, percent: 100 };
  const from = current?.threshold ?? 0;
  const span = next.threshold - from;
  const percent = span <= 0 ? 0 : Math.floor(((value - from) * 100) / span);
  return { current, next, toNext: next.threshold - value, percent: Math.max(0, Math.min(100, percent)) };
}
