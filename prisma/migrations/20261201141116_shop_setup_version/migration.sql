-- The program's setup as a version: each change to what app/loyalty/shop-setup.server.ts caches
-- gives it a new random value in the same transaction, whoever makes the change, so a cache checked
-- against it is never stale. Random, not a count: a version seen inside a transaction that then
-- rolled back must never come again.
ALTER TABLE "Shop" ADD COLUMN "setupVersion" TEXT NOT NULL DEFAULT '';
-- Shops installed before this migration: a version of their own, not one shared by all.
UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8)));

CREATE TRIGGER "ProgramSettings_setup_insert" AFTER INSERT ON "ProgramSettings" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" = NEW."shopId";
END;

CREATE TRIGGER "ProgramSettings_setup_update" AFTER UPDATE ON "ProgramSettings" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" IN (OLD."shopId", NEW."shopId");
END;

CREATE TRIGGER "ProgramSettings_setup_delete" AFTER DELETE ON "ProgramSettings" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" = OLD."shopId";
END;

CREATE TRIGGER "Tier_setup_insert" AFTER INSERT ON "Tier" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" = NEW."shopId";
END;

CREATE TRIGGER "Tier_setup_update" AFTER UPDATE ON "Tier" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" IN (OLD."shopId", NEW."shopId");
END;

CREATE TRIGGER "Tier_setup_delete" AFTER DELETE ON "Tier" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" = OLD."shopId";
END;

CREATE TRIGGER "Campaign_setup_insert" AFTER INSERT ON "Campaign" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" = NEW."shopId";
END;

CREATE TRIGGER "Campaign_setup_update" AFTER UPDATE ON "Campaign" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" IN (OLD."shopId", NEW."shopId");
END;

CREATE TRIGGER "Campaign_setup_delete" AFTER DELETE ON "Campaign" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" = OLD."shopId";
END;

CREATE TRIGGER "MailServer_setup_insert" AFTER INSERT ON "MailServer" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" = NEW."shopId";
END;

CREATE TRIGGER "MailServer_setup_update" AFTER UPDATE ON "MailServer" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" IN (OLD."shopId", NEW."shopId");
END;

CREATE TRIGGER "MailServer_setup_delete" AFTER DELETE ON "MailServer" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" = OLD."shopId";
END;

CREATE TRIGGER "EmailTemplate_setup_insert" AFTER INSERT ON "EmailTemplate" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" = NEW."shopId";
END;

CREATE TRIGGER "EmailTemplate_setup_update" AFTER UPDATE ON "EmailTemplate" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" IN (OLD."shopId", NEW."shopId");
END;

CREATE TRIGGER "EmailTemplate_setup_delete" AFTER DELETE ON "EmailTemplate" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" = OLD."shopId";
END;

CREATE TRIGGER "FlowTriggerUse_setup_insert" AFTER INSERT ON "FlowTriggerUse" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" = NEW."shopId";
END;

CREATE TRIGGER "FlowTriggerUse_setup_update" AFTER UPDATE ON "FlowTriggerUse" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" IN (OLD."shopId", NEW."shopId");
END;

CREATE TRIGGER "FlowTriggerUse_setup_delete" AFTER DELETE ON "FlowTriggerUse" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" = OLD."shopId";
END;
