// The shop's social accounts that members earn points for following (an honour system, as
// Smile.io and LoyaltyLion run it: the profile opens, the points are credited once). Shared by the
// server and the settings page, so it imports nothing of either.
import { z } from "zod";

export const SOCIAL_NETWORKS = ["instagram", "tiktok", "facebook", "x", "youtube"] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];

/** Brand names: the same in every language. */
export const NETWORK_NAMES: Record<SocialNetwork, string> = { instagram: "Instagram", tiktok: "TikTok", facebook: "Facebook", x: "X", youtube: "YouTube" };

/** The hosts a profile of each network lives on (with or without www. or m.). */
const NETWORK_HOSTS: Record<SocialNetwork, string[]> = {
  instagram: ["instagram.com"],
  tiktok: ["tiktok.com"],
  facebook: ["facebook.com", "fb.com"],
  x: ["x.com", "twitter.com"],
  youtube: ["youtube.com"],
};

/** What the owner saw as an example of a profile's address. */
export const PROFILE_EXAMPLES: Record<SocialNetwork, string> = {
  instagram: "https://www.instagram.com/yourshop",
  tiktok: "https://www.tiktok.com/@yourshop",
  facebook: "https://www.facebook.com/yourshop",
  x: "https://x.com/yourshop",
  youtube: "https://www.youtube.com/@yourshop",
};

export interface SocialFollow {
  url: string;
  points: number;
}
export type SocialFollows = Partial<Record<SocialNetwork, SocialFollow>>;

export const isSocialNetwork = (value: string): value is SocialNetwork => (SOCIAL_NETWORKS as readonly string[]).includes(value);

/**
 * A profile's address on the network's own host, over https, naming an account (a path): the
 * storefront opens it, so an address elsewhere would send shoppers wherever the field says.
 */
export function isProfileUrl(network: SocialNetwork, value: string): boolean {
  if (value.length > 300) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase().replace(/^(www|m)\./, "");
  return url.protocol === "https:" && !url.username && !url.password && !url.port && NETWORK_HOSTS[network].includes(host) && url.pathname.replace(/\/+$/, "") !== "";
}

const stored = z.record(z.string(), z.object({ url: z.string(), points: z.number().int().min(0) }));

/** The stored column read back; a network Klub no longer knows is left out, and a column that does not parse reads as none. */
export function parseSocialFollows(json: string): SocialFollows {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return {};
  }
  const result = stored.safeParse(parsed);
  if (!result.success) return {};
  return Object.fromEntries(SOCIAL_NETWORKS.filter((n) => result.data[n]).map((n) => [n, result.data[n]])) as SocialFollows;
}

/** The networks members can earn points on: an address and points above 0, in the order of SOCIAL_NETWORKS. */
export function activeFollows(follows: SocialFollows): { network: SocialNetwork; url: string; points: number }[] {
  return SOCIAL_NETWORKS.flatMap((network) => {
    const follow = follows[network];
    return follow && follow.url && follow.points > 0 ? [{ network, url: follow.url, points: follow.points }] : [];
  });
}

export type SocialFieldName<P extends "Url" | "Points" = "Url" | "Points"> = `social${Capitalize<SocialNetwork>}${P}`;

/** The settings form's field of a network: socialInstagramUrl, socialXPoints. */
export const socialField = <P extends "Url" | "Points">(network: SocialNetwork, part: P) => `social${network[0].toUpperCase()}${network.slice(1)}${part}` as SocialFieldName<P>;
