-- Rewards for a segment of members (issue 15): new members, win-back, frequent buyers.
ALTER TABLE "Reward" ADD COLUMN "segment" TEXT;
ALTER TABLE "Reward" ADD COLUMN "segmentThreshold" INTEGER;
