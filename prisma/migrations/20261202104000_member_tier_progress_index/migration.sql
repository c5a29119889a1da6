-- Program health counts the members just below each tier (issue 15, item 4), from this index alone.
-- Partial: only a query that says "tierProgress" > 0 AND "redactedAt" IS NULL can use it, so no
-- members page is planned onto it (a shop whose statistics predate the index would take it for a
-- selective one; docs/decisions/047).
CREATE INDEX "Member_shopId_tierProgress_idx" ON "Member"("shopId", "tierProgress") WHERE "tierProgress" > 0 AND "redactedAt" IS NULL;
