-- AlterTable
ALTER TABLE "Reward" ADD COLUMN "segmentValue" TEXT;

