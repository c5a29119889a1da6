-- AlterTable
ALTER TABLE "ProgramSettings" ADD COLUMN "refereeRewardId" TEXT;

-- AlterTable
ALTER TABLE "Member" ADD COLUMN "addressKey" TEXT;
ALTER TABLE "Member" ADD COLUMN "phoneKey" TEXT;

