// Bonus campaigns: a multiplier on earning between two dates (the last day included, UTC).
// While several run, the best one applies (app/loyalty/earning.ts); orders keep the multiplier
// they earned with, so ending or deleting a campaign changes no points already given.
import type { PrismaClient } from "@prisma/client";
import { addDays, isValid, parseISO } from "date-fns";
import { z } from "zod";
import { inTransaction } from "./transactions.server";
import { logActivity } from "./activity.server";
import { enqueueWidgetSync } from "./outbox.server";

const day = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "campaigns.errors.date" }).refine((v) => isValid(parseISO(v)), { error: "campaigns.errors.date" });

const campaignForm = z.object({
  name: z.string().trim().min(1, { error: "campaigns.errors.required" }).max(80, { error: "campaigns.errors.tooLong" }),
  multiplierPercent: z.coerce.number({ error: "campaigns.errors.multiplier" }).int({ error: "campaigns.errors.multiplier" }).min(110, { error: "campaigns.errors.multiplier" }).max(1000, { error: "campaigns.errors.multiplier" }),
  startsOn: day,
  endsOn: day,
});

export type CampaignForm = z.input<typeof campaignForm>;
export type CampaignErrors = Partial<Record<keyof CampaignForm, string>>;
export interface CampaignData {
  name: string;
  multiplierPercent: number;
  startsAt: Date;
  endsAt: Date;
}

export function parseCampaign(form: Record<string, unknown>): { data: CampaignData } | { errors: CampaignErrors } {
  const parsed = campaignForm.safeParse(form);
  if (!parsed.success) {
    const errors: CampaignErrors = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as keyof CampaignForm] ??= issue.message.startsWith("campaigns.") ? issue.message : "campaigns.errors.invalid";
    return { errors };
  }
  const startsAt = parseISO(`${parsed.data.startsOn}T00:00:00Z`);
  const endsAt = addDays(parseISO(`${parsed.data.endsOn}T00:00:00Z`), 1);
  if (endsAt <= startsAt) return { errors: { endsOn: "campaigns.errors.endBeforeStart" } };
  return { data: { name: parsed.data.name, multiplierPercent: parsed.data.multiplierPercent, startsAt, endsAt } };
}

export function listCampaigns(db: PrismaClient, shopId: string) {
  return db.campaign.findMany({ where: { shopId }, orderBy: [{ startsAt: "desc" }, { createdAt: "desc" }] });
}

export async function addCampaign(db: PrismaClient, shopId: string, data: CampaignData, actor: string) {
  return inTransaction(db, async (tx) => {
    const campaign = await tx.campaign.create({ data: { ...data, shopId } });
    await logActivity(tx, { shopId, actor, action: "campaign.created", after: campaign });
    await enqueueWidgetSync(tx, shopId, new Date()); // the product block shows a running campaign's points
    return campaign;
  });
}

export async function deleteCampaign(db: PrismaClient, shopId: string, campaignId: string, actor: string) {
  return inTransaction(db, async (tx) => {
    const campaign = await tx.campaign.findFirst({ where: { id: campaignId, shopId } });
    if (!campaign) return false;
    await tx.campaign.delete({ where: { id: campaign.id } });
    await logActivity(tx, { shopId, actor, action: "campaign.deleted", before: campaign });
    await enqueueWidgetSync(tx, shopId, new Date());
    return true;
  });
}
