-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN "reasonParams" TEXT;


-- Entries written before reasons were codes held English text: each one Klub wrote becomes its code
-- and parameters; an owner's own words on an adjustment become the "manual" reason's note.
UPDATE "LedgerEntry" SET "reasonParams" = json_object('order', substr("reason", 24, length("reason") - 37)), "reason" = 'reward_returned_cancelled'
  WHERE "reason" LIKE 'Reward returned: order % was cancelled';
UPDATE "LedgerEntry" SET "reasonParams" = json_object('order', substr("reason", 24, length("reason") - 36)), "reason" = 'reward_returned_refunded'
  WHERE "reason" LIKE 'Reward returned: order % was refunded';
UPDATE "LedgerEntry" SET "reasonParams" = json_object('order', substr("reason", 7, length("reason") - 16)), "reason" = 'order_cancelled'
  WHERE "kind" = 'cancel' AND "reason" LIKE 'Order % cancelled';
UPDATE "LedgerEntry" SET "reasonParams" = json_object('order', substr("reason", 7)), "reason" = 'order'
  WHERE "kind" = 'earn' AND "reason" LIKE 'Order %';
UPDATE "LedgerEntry" SET "reasonParams" = json_object('order', substr("reason", 17)), "reason" = 'order_refunded'
  WHERE "kind" = 'clawback' AND "reason" LIKE 'Refund on order %';
UPDATE "LedgerEntry" SET "reasonParams" = json_object('reward', substr("reason", 11)), "reason" = 'redeemed'
  WHERE "kind" = 'redeem' AND "reason" LIKE 'Redeemed: %';
UPDATE "LedgerEntry" SET "reasonParams" = json_object('reward', substr("reason", 32)), "reason" = 'reward_failed'
  WHERE "kind" = 'reversal' AND "reason" LIKE 'Reward not created by Shopify: %';
UPDATE "LedgerEntry" SET "reasonParams" = json_object('reward', substr("reason", 19)), "reason" = 'reward_cancelled'
  WHERE "kind" = 'reversal' AND "reason" LIKE 'Reward cancelled: %';
UPDATE "LedgerEntry" SET "reason" = CASE "reason"
    WHEN 'Signup bonus' THEN 'signup'
    WHEN 'Birthday bonus' THEN 'birthday'
    WHEN 'Points expired' THEN 'expired'
    WHEN 'Referral bonus: welcome' THEN 'referral_welcome'
    WHEN 'Referral bonus: a friend''s first order' THEN 'referral_friend'
    WHEN 'Referral bonus withdrawn: the friend''s order was cancelled or refunded' THEN 'referral_withdrawn'
  END
  WHERE "reason" IN ('Signup bonus', 'Birthday bonus', 'Points expired', 'Referral bonus: welcome', 'Referral bonus: a friend''s first order',
                     'Referral bonus withdrawn: the friend''s order was cancelled or refunded');
UPDATE "LedgerEntry" SET
    "reasonParams" = json_object('file', substr("reason", 24, instr("reason", ', line ') - 24),
                                 'line', CAST(substr("reason", instr("reason", ', line ') + 7, length("reason") - instr("reason", ', line ') - 7) AS INTEGER)),
    "reason" = 'import'
  WHERE "kind" = 'adjust' AND "reason" LIKE 'Balance set by import (%, line %)';
UPDATE "LedgerEntry" SET "reasonParams" = json_object('note', "reason"), "reason" = 'manual'
  WHERE "kind" = 'adjust' AND "reasonParams" IS NULL AND "reason" NOT IN ('signup', 'birthday', 'expired', 'referral_welcome', 'referral_friend', 'referral_withdrawn');
