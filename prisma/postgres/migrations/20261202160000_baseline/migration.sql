-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "locale" TEXT NOT NULL DEFAULT 'en',
    "programEnabled" BOOLEAN NOT NULL DEFAULT false,
    "plan" TEXT,
    "shopifyPlus" BOOLEAN NOT NULL DEFAULT false,
    "customerAccountsVersion" TEXT,
    "timezone" TEXT,
    "storefrontUrl" TEXT,
    "logoUrl" TEXT,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "setupVersion" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailServer" (
    "shopId" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "security" TEXT NOT NULL,
    "username" TEXT,
    "passwordSealed" TEXT,
    "fromAddress" TEXT NOT NULL,
    "fromName" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MailServer_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "EmailTemplate" (
    "shopId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "words" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailTemplate_pkey" PRIMARY KEY ("shopId","type")
);

-- CreateTable
CREATE TABLE "EmailDelivery" (
    "id" SERIAL NOT NULL,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "facts" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FlowTriggerUse" (
    "shopId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FlowTriggerUse_pkey" PRIMARY KEY ("shopId","handle")
);

-- CreateTable
CREATE TABLE "FlowActionRun" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FlowActionRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DailyRun" (
    "job" TEXT NOT NULL,
    "lastDay" TEXT NOT NULL,

    CONSTRAINT "DailyRun_pkey" PRIMARY KEY ("job")
);

-- CreateTable
CREATE TABLE "ProgramSettings" (
    "shopId" TEXT NOT NULL,
    "earnPoints" INTEGER NOT NULL DEFAULT 1,
    "earnPerAmountMinor" INTEGER NOT NULL DEFAULT 100,
    "awardOn" TEXT NOT NULL DEFAULT 'paid',
    "subtractDiscounts" BOOLEAN NOT NULL DEFAULT true,
    "earnOnShipping" BOOLEAN NOT NULL DEFAULT false,
    "earnOnTax" BOOLEAN NOT NULL DEFAULT false,
    "earnOnGiftCards" BOOLEAN NOT NULL DEFAULT false,
    "excludedProductIds" TEXT NOT NULL DEFAULT '[]',
    "excludedCollectionIds" TEXT NOT NULL DEFAULT '[]',
    "excludedTitles" TEXT NOT NULL DEFAULT '{}',
    "collectionProductIds" TEXT NOT NULL DEFAULT '[]',
    "collectionsResolvedAt" TIMESTAMP(3),
    "rewardTestOrders" BOOLEAN NOT NULL DEFAULT false,
    "maxPointsPerOrder" INTEGER NOT NULL DEFAULT 100000,
    "pendingDays" INTEGER NOT NULL DEFAULT 0,
    "expiryMode" TEXT NOT NULL DEFAULT 'none',
    "expiryMonths" INTEGER NOT NULL DEFAULT 12,
    "allowNegativeBalance" BOOLEAN NOT NULL DEFAULT true,
    "returnPointsOnRefund" BOOLEAN NOT NULL DEFAULT true,
    "signupBonus" INTEGER NOT NULL DEFAULT 0,
    "birthdayBonus" INTEGER NOT NULL DEFAULT 0,
    "referrerBonus" INTEGER NOT NULL DEFAULT 0,
    "refereeBonus" INTEGER NOT NULL DEFAULT 0,
    "refereeRewardId" TEXT,
    "birthdayRewardId" TEXT,
    "feedbackEnabled" BOOLEAN NOT NULL DEFAULT true,
    "feedbackBonus" INTEGER NOT NULL DEFAULT 0,
    "enrollment" TEXT NOT NULL DEFAULT 'all',
    "widgetAccent" TEXT NOT NULL DEFAULT '#303030',
    "widgetPosition" TEXT NOT NULL DEFAULT 'right',
    "widgetJoinTextEn" TEXT NOT NULL DEFAULT '',
    "widgetJoinTextPl" TEXT NOT NULL DEFAULT '',
    "widgetJoinTextRu" TEXT NOT NULL DEFAULT '',
    "socialFollows" TEXT NOT NULL DEFAULT '{}',
    "tierBasis" TEXT NOT NULL DEFAULT 'points',
    "tierWindow" TEXT NOT NULL DEFAULT 'lifetime',
    "emailReminderDays" TEXT NOT NULL DEFAULT '30,7',
    "emailDailyCap" INTEGER NOT NULL DEFAULT 1000,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProgramSettings_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "multiplierPercent" INTEGER NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "email" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "birthday" TEXT,
    "emailKey" TEXT,
    "firstNameKey" TEXT,
    "lastNameKey" TEXT,
    "balance" INTEGER NOT NULL DEFAULT 0,
    "pendingPoints" INTEGER NOT NULL DEFAULT 0,
    "lifetimePoints" INTEGER NOT NULL DEFAULT 0,
    "lifetimeSpentMinor" INTEGER NOT NULL DEFAULT 0,
    "orderCount" INTEGER NOT NULL DEFAULT 0,
    "lastOrderAt" TIMESTAMP(3),
    "tierId" TEXT,
    "tierProgress" INTEGER NOT NULL DEFAULT 0,
    "referralCode" TEXT,
    "locale" TEXT,
    "emailConsent" TEXT,
    "emailUnsubscribedAt" TIMESTAMP(3),
    "referredById" TEXT,
    "addressKey" TEXT,
    "phoneKey" TEXT,
    "countryCode" TEXT,
    "provinceCode" TEXT,
    "enrolledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastActivityAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "redactedAt" TIMESTAMP(3),
    "shopifyTags" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" SERIAL NOT NULL,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "balanceAfter" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "reasonParams" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "requested" INTEGER,
    "orderId" TEXT,
    "actor" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PointLot" (
    "id" SERIAL NOT NULL,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "entryId" INTEGER NOT NULL,
    "orderId" TEXT,
    "amount" INTEGER NOT NULL,
    "remaining" INTEGER NOT NULL,
    "pending" BOOLEAN NOT NULL DEFAULT false,
    "availableAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "earnedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PointLot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tier" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "multiplierPercent" INTEGER NOT NULL DEFAULT 100,
    "entryRewardId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reward" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "pointsCost" INTEGER NOT NULL,
    "valueMinor" INTEGER,
    "percentage" INTEGER,
    "productVariantId" TEXT,
    "sliderMinPoints" INTEGER,
    "sliderMaxPoints" INTEGER,
    "minimumSubtotalMinor" INTEGER,
    "codeExpiryDays" INTEGER,
    "combinesWithOrder" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithProduct" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithShipping" BOOLEAN NOT NULL DEFAULT true,
    "tierId" TEXT,
    "segment" TEXT,
    "segmentThreshold" INTEGER,
    "segmentValue" TEXT,
    "poolLowAt" INTEGER NOT NULL DEFAULT 10,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Reward_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnerCode" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "redemptionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PartnerCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedbackAnswer" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "quarter" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "tierId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeedbackAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Redemption" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "pointsSpent" INTEGER NOT NULL,
    "valueMinor" INTEGER,
    "status" TEXT NOT NULL,
    "code" TEXT,
    "discountNodeId" TEXT,
    "orderId" TEXT,
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Redemption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" SERIAL NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "eventId" TEXT,
    "triggeredAt" TIMESTAMP(3),
    "event" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" SERIAL NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderSummary" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "name" TEXT,
    "customerId" TEXT,
    "memberId" TEXT,
    "currencyCode" TEXT NOT NULL,
    "totalMinor" INTEGER NOT NULL,
    "subtotalMinor" INTEGER NOT NULL,
    "discountMinor" INTEGER NOT NULL DEFAULT 0,
    "refundedMinor" INTEGER NOT NULL DEFAULT 0,
    "eligibleMinor" INTEGER NOT NULL DEFAULT 0,
    "discountCodes" TEXT NOT NULL DEFAULT '[]',
    "redemptionId" TEXT,
    "isTest" BOOLEAN NOT NULL DEFAULT false,
    "earningFacts" TEXT NOT NULL,
    "multiplierPercents" TEXT,
    "earningRules" TEXT,
    "suspect" BOOLEAN NOT NULL DEFAULT false,
    "processedAt" TIMESTAMP(3) NOT NULL,
    "countryCode" TEXT,
    "provinceCode" TEXT,
    "paidAt" TIMESTAMP(3),
    "fulfilledAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "firstOrder" BOOLEAN NOT NULL DEFAULT false,
    "retained" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "secondOrder" BOOLEAN NOT NULL DEFAULT false,
    "firstOrderAt" TIMESTAMP(3),

    CONSTRAINT "OrderSummary_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderRefund" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "refundId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "lines" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "unallocatedMinor" INTEGER NOT NULL DEFAULT 0,
    "refundedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderRefund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RedactedCustomer" (
    "shopId" TEXT NOT NULL,
    "customerHash" TEXT NOT NULL,
    "redactedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RedactedCustomer_pkey" PRIMARY KEY ("shopId","customerHash")
);

-- CreateTable
CREATE TABLE "PrivacyRequest" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "memberId" TEXT,
    "requestId" TEXT,
    "report" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "PrivacyRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivityLog" (
    "id" SERIAL NOT NULL,
    "shopId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActivityLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffMember" (
    "shopId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffMember_pkey" PRIMARY KEY ("shopId","userId")
);

-- CreateTable
CREATE TABLE "TierRecompute" (
    "id" SERIAL NOT NULL,
    "shopId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "cursor" TEXT,
    "total" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "changed" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "TierRecompute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberImport" (
    "id" SERIAL NOT NULL,
    "shopId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL DEFAULT '',
    "actor" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "totalRows" INTEGER NOT NULL,
    "chunks" INTEGER NOT NULL,
    "nextChunk" INTEGER NOT NULL DEFAULT 0,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "balances" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "MemberImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberImportChunk" (
    "importId" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "rows" TEXT NOT NULL,

    CONSTRAINT "MemberImportChunk_pkey" PRIMARY KEY ("importId","index")
);

-- CreateTable
CREATE TABLE "SeenProxySignature" (
    "signature" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeenProxySignature_pkey" PRIMARY KEY ("signature")
);

-- CreateTable
CREATE TABLE "RollupPoints" (
    "shopId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "credit" INTEGER NOT NULL DEFAULT 0,
    "debit" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RollupPoints_pkey" PRIMARY KEY ("shopId","day","kind")
);

-- CreateTable
CREATE TABLE "RollupMembers" (
    "shopId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "enrolled" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RollupMembers_pkey" PRIMARY KEY ("shopId","day")
);

-- CreateTable
CREATE TABLE "RollupOrders" (
    "shopId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "member" BOOLEAN NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenueMinor" INTEGER NOT NULL DEFAULT 0,
    "rewardOrders" INTEGER NOT NULL DEFAULT 0,
    "rewardRevenueMinor" INTEGER NOT NULL DEFAULT 0,
    "returningOrders" INTEGER NOT NULL DEFAULT 0,
    "firstOrders" INTEGER NOT NULL DEFAULT 0,
    "retainedOrders" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RollupOrders_pkey" PRIMARY KEY ("shopId","day","member")
);

-- CreateTable
CREATE TABLE "RollupLastOrders" (
    "shopId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "band" TEXT NOT NULL,
    "members" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RollupLastOrders_pkey" PRIMARY KEY ("shopId","day","band")
);

-- CreateTable
CREATE TABLE "ProgramGoal" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "audience" TEXT,
    "baseline" DOUBLE PRECISION,
    "target" DOUBLE PRECISION NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "due" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProgramGoal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberOffer" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "percentage" INTEGER,
    "valueMinor" INTEGER,
    "minimumSubtotalMinor" INTEGER,
    "tierId" TEXT,
    "combinesWithRewards" BOOLEAN NOT NULL DEFAULT false,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'pending',
    "segmentId" TEXT,
    "segmentQuery" TEXT,
    "discountNodeId" TEXT,
    "lastError" TEXT,
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MemberOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollupOrderTimes" (
    "shopId" TEXT NOT NULL,
    "quarter" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenueMinor" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RollupOrderTimes_pkey" PRIMARY KEY ("shopId","quarter")
);

-- CreateTable
CREATE TABLE "AudienceSnapshot" (
    "shopId" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3),
    "requestedAt" TIMESTAMP(3),
    "cells" TEXT NOT NULL DEFAULT '[]',
    "regionCells" TEXT NOT NULL DEFAULT '[]',

    CONSTRAINT "AudienceSnapshot_pkey" PRIMARY KEY ("shopId")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");

-- CreateIndex
CREATE INDEX "EmailDelivery_status_nextAttemptAt_idx" ON "EmailDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "EmailDelivery_shopId_sentAt_idx" ON "EmailDelivery"("shopId", "sentAt");

-- CreateIndex
CREATE INDEX "EmailDelivery_shopId_id_idx" ON "EmailDelivery"("shopId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "EmailDelivery_shopId_eventKey_key" ON "EmailDelivery"("shopId", "eventKey");

-- CreateIndex
CREATE INDEX "Campaign_shopId_startsAt_idx" ON "Campaign"("shopId", "startsAt");

-- CreateIndex
CREATE INDEX "Member_shopId_emailKey_idx" ON "Member"("shopId", "emailKey");

-- CreateIndex
CREATE INDEX "Member_shopId_firstNameKey_idx" ON "Member"("shopId", "firstNameKey");

-- CreateIndex
CREATE INDEX "Member_shopId_lastNameKey_idx" ON "Member"("shopId", "lastNameKey");

-- CreateIndex
CREATE INDEX "Member_shopId_lastName_id_idx" ON "Member"("shopId", "lastName", "id");

-- CreateIndex
CREATE INDEX "Member_shopId_enrolledAt_id_idx" ON "Member"("shopId", "enrolledAt", "id");

-- CreateIndex
CREATE INDEX "Member_shopId_balance_id_idx" ON "Member"("shopId", "balance", "id");

-- CreateIndex
CREATE INDEX "Member_shopId_tierId_balance_id_idx" ON "Member"("shopId", "tierId", "balance", "id");

-- CreateIndex
CREATE INDEX "Member_shopId_lastActivityAt_idx" ON "Member"("shopId", "lastActivityAt");

-- CreateIndex
CREATE INDEX "Member_shopId_orderCount_lastOrderAt_idx" ON "Member"("shopId", "orderCount", "lastOrderAt");

-- CreateIndex
CREATE UNIQUE INDEX "Member_shopId_customerId_key" ON "Member"("shopId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "Member_shopId_referralCode_key" ON "Member"("shopId", "referralCode");

-- CreateIndex
CREATE INDEX "LedgerEntry_memberId_id_idx" ON "LedgerEntry"("memberId", "id");

-- CreateIndex
CREATE INDEX "LedgerEntry_shopId_occurredAt_kind_amount_idx" ON "LedgerEntry"("shopId", "occurredAt", "kind", "amount");

-- CreateIndex
CREATE INDEX "LedgerEntry_shopId_orderId_idx" ON "LedgerEntry"("shopId", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_shopId_idempotencyKey_key" ON "LedgerEntry"("shopId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "PointLot_entryId_key" ON "PointLot"("entryId");

-- CreateIndex
CREATE INDEX "PointLot_memberId_pending_remaining_idx" ON "PointLot"("memberId", "pending", "remaining");

-- CreateIndex
CREATE INDEX "PointLot_shopId_pending_availableAt_idx" ON "PointLot"("shopId", "pending", "availableAt");

-- CreateIndex
CREATE INDEX "PointLot_shopId_expiresAt_idx" ON "PointLot"("shopId", "expiresAt");

-- CreateIndex
CREATE INDEX "PointLot_memberId_orderId_idx" ON "PointLot"("memberId", "orderId");

-- CreateIndex
CREATE INDEX "Tier_shopId_threshold_idx" ON "Tier"("shopId", "threshold");

-- CreateIndex
CREATE INDEX "Reward_shopId_active_idx" ON "Reward"("shopId", "active");

-- CreateIndex
CREATE UNIQUE INDEX "PartnerCode_redemptionId_key" ON "PartnerCode"("redemptionId");

-- CreateIndex
CREATE INDEX "PartnerCode_rewardId_redemptionId_idx" ON "PartnerCode"("rewardId", "redemptionId");

-- CreateIndex
CREATE UNIQUE INDEX "PartnerCode_shopId_code_key" ON "PartnerCode"("shopId", "code");

-- CreateIndex
CREATE INDEX "FeedbackAnswer_shopId_createdAt_idx" ON "FeedbackAnswer"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackAnswer_memberId_quarter_key" ON "FeedbackAnswer"("memberId", "quarter");

-- CreateIndex
CREATE INDEX "Redemption_memberId_createdAt_idx" ON "Redemption"("memberId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_shopId_requestId_key" ON "Redemption"("shopId", "requestId");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_shopId_code_key" ON "Redemption"("shopId", "code");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shopDomain_topic_idx" ON "WebhookDelivery"("shopDomain", "topic");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_shopDomain_webhookId_key" ON "WebhookDelivery"("shopDomain", "webhookId");

-- CreateIndex
CREATE INDEX "OutboxMessage_kind_nextAttemptAt_idx" ON "OutboxMessage"("kind", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_shopId_dedupeKey_key" ON "OutboxMessage"("shopId", "dedupeKey");

-- CreateIndex
CREATE INDEX "OrderSummary_shopId_processedAt_cancelledAt_isTest_customer_idx" ON "OrderSummary"("shopId", "processedAt", "cancelledAt", "isTest", "customerId", "memberId", "totalMinor", "refundedMinor", "redemptionId");

-- CreateIndex
CREATE INDEX "OrderSummary_shopId_customerId_processedAt_idx" ON "OrderSummary"("shopId", "customerId", "processedAt");

-- CreateIndex
CREATE INDEX "OrderSummary_memberId_processedAt_idx" ON "OrderSummary"("memberId", "processedAt");

-- CreateIndex
CREATE UNIQUE INDEX "OrderSummary_shopId_orderId_key" ON "OrderSummary"("shopId", "orderId");

-- CreateIndex
CREATE INDEX "OrderRefund_shopId_orderId_idx" ON "OrderRefund"("shopId", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "OrderRefund_shopId_refundId_key" ON "OrderRefund"("shopId", "refundId");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shopId_receivedAt_idx" ON "PrivacyRequest"("shopId", "receivedAt");

-- CreateIndex
CREATE INDEX "PrivacyRequest_memberId_idx" ON "PrivacyRequest"("memberId");

-- CreateIndex
CREATE INDEX "ActivityLog_shopId_createdAt_idx" ON "ActivityLog"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "TierRecompute_status_id_idx" ON "TierRecompute"("status", "id");

-- CreateIndex
CREATE INDEX "TierRecompute_shopId_id_idx" ON "TierRecompute"("shopId", "id");

-- CreateIndex
CREATE INDEX "MemberImport_status_id_idx" ON "MemberImport"("status", "id");

-- CreateIndex
CREATE INDEX "MemberImport_shopId_id_idx" ON "MemberImport"("shopId", "id");

-- CreateIndex
CREATE INDEX "SeenProxySignature_seenAt_idx" ON "SeenProxySignature"("seenAt");

-- CreateIndex
CREATE INDEX "ProgramGoal_shopId_createdAt_idx" ON "ProgramGoal"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "MemberOffer_shopId_createdAt_idx" ON "MemberOffer"("shopId", "createdAt");

-- AddForeignKey
ALTER TABLE "MailServer" ADD CONSTRAINT "MailServer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailTemplate" ADD CONSTRAINT "EmailTemplate_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailDelivery" ADD CONSTRAINT "EmailDelivery_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailDelivery" ADD CONSTRAINT "EmailDelivery_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FlowTriggerUse" ADD CONSTRAINT "FlowTriggerUse_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FlowActionRun" ADD CONSTRAINT "FlowActionRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgramSettings" ADD CONSTRAINT "ProgramSettings_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "Tier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PointLot" ADD CONSTRAINT "PointLot_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PointLot" ADD CONSTRAINT "PointLot_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PointLot" ADD CONSTRAINT "PointLot_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "LedgerEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tier" ADD CONSTRAINT "Tier_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reward" ADD CONSTRAINT "Reward_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reward" ADD CONSTRAINT "Reward_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "Tier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerCode" ADD CONSTRAINT "PartnerCode_rewardId_fkey" FOREIGN KEY ("rewardId") REFERENCES "Reward"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackAnswer" ADD CONSTRAINT "FeedbackAnswer_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Redemption" ADD CONSTRAINT "Redemption_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Redemption" ADD CONSTRAINT "Redemption_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Redemption" ADD CONSTRAINT "Redemption_rewardId_fkey" FOREIGN KEY ("rewardId") REFERENCES "Reward"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderSummary" ADD CONSTRAINT "OrderSummary_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderRefund" ADD CONSTRAINT "OrderRefund_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RedactedCustomer" ADD CONSTRAINT "RedactedCustomer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrivacyRequest" ADD CONSTRAINT "PrivacyRequest_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActivityLog" ADD CONSTRAINT "ActivityLog_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMember" ADD CONSTRAINT "StaffMember_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierRecompute" ADD CONSTRAINT "TierRecompute_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberImport" ADD CONSTRAINT "MemberImport_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberImportChunk" ADD CONSTRAINT "MemberImportChunk_importId_fkey" FOREIGN KEY ("importId") REFERENCES "MemberImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollupPoints" ADD CONSTRAINT "RollupPoints_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollupMembers" ADD CONSTRAINT "RollupMembers_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollupOrders" ADD CONSTRAINT "RollupOrders_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollupLastOrders" ADD CONSTRAINT "RollupLastOrders_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgramGoal" ADD CONSTRAINT "ProgramGoal_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberOffer" ADD CONSTRAINT "MemberOffer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberOffer" ADD CONSTRAINT "MemberOffer_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "Tier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollupOrderTimes" ADD CONSTRAINT "RollupOrderTimes_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AudienceSnapshot" ADD CONSTRAINT "AudienceSnapshot_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: what Prisma does not model
-- The PostgreSQL counterparts of the SQLite migrations' triggers and partial indexes
-- (docs/decisions/055-postgresql-sql-dialects.md): the same trigger names, the same rows written.
-- Days are UTC days as text ('YYYY-MM-DD'), as SQLite's substr() of its ISO dates gives them.

-- The analytics rollups (SQLite: 20261201020433_analytics_rollups, 20261201043238_business_time).
CREATE FUNCTION klub_order_band(n INTEGER) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN n = 0 THEN '0' WHEN n = 1 THEN '1' WHEN n = 2 THEN '2' WHEN n <= 4 THEN '3-4' ELSE '5+' END
$$;

CREATE FUNCTION klub_day(at TIMESTAMP(3)) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(at, 'YYYY-MM-DD')
$$;

CREATE FUNCTION "LedgerEntry_rollup"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "RollupPoints" ("shopId", "day", "kind", "credit", "debit")
    VALUES (NEW."shopId", klub_day(NEW."occurredAt"), NEW."kind", GREATEST(NEW."amount", 0), GREATEST(-NEW."amount", 0))
    ON CONFLICT ("shopId", "day", "kind") DO UPDATE SET "credit" = "RollupPoints"."credit" + excluded."credit", "debit" = "RollupPoints"."debit" + excluded."debit";
  RETURN NULL;
END
$$;
CREATE TRIGGER "LedgerEntry_rollup" AFTER INSERT ON "LedgerEntry" FOR EACH ROW EXECUTE FUNCTION "LedgerEntry_rollup"();

CREATE FUNCTION klub_rollup_members(shop TEXT, day TEXT, delta INTEGER) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "RollupMembers" ("shopId", "day", "enrolled") VALUES (shop, day, delta)
    ON CONFLICT ("shopId", "day") DO UPDATE SET "enrolled" = "RollupMembers"."enrolled" + excluded."enrolled";
$$;

CREATE FUNCTION klub_rollup_last_orders(shop TEXT, day TEXT, band TEXT, delta INTEGER) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "RollupLastOrders" ("shopId", "day", "band", "members") VALUES (shop, day, band, delta)
    ON CONFLICT ("shopId", "day", "band") DO UPDATE SET "members" = "RollupLastOrders"."members" + excluded."members";
$$;

CREATE FUNCTION "Member_rollup_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM klub_rollup_members(NEW."shopId", klub_day(NEW."enrolledAt"), 1);
  PERFORM klub_rollup_last_orders(NEW."shopId", coalesce(klub_day(NEW."lastOrderAt"), ''), klub_order_band(NEW."orderCount"), 1);
  RETURN NULL;
END
$$;
CREATE TRIGGER "Member_rollup_insert" AFTER INSERT ON "Member" FOR EACH ROW EXECUTE FUNCTION "Member_rollup_insert"();

CREATE FUNCTION "Member_rollup_enrolled"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM klub_rollup_members(OLD."shopId", klub_day(OLD."enrolledAt"), -1);
  PERFORM klub_rollup_members(NEW."shopId", klub_day(NEW."enrolledAt"), 1);
  RETURN NULL;
END
$$;
CREATE TRIGGER "Member_rollup_enrolled" AFTER UPDATE OF "enrolledAt" ON "Member" FOR EACH ROW
  WHEN (klub_day(OLD."enrolledAt") IS DISTINCT FROM klub_day(NEW."enrolledAt")) EXECUTE FUNCTION "Member_rollup_enrolled"();

CREATE FUNCTION "Member_rollup_orders"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM klub_rollup_last_orders(OLD."shopId", coalesce(klub_day(OLD."lastOrderAt"), ''), klub_order_band(OLD."orderCount"), -1);
  PERFORM klub_rollup_last_orders(NEW."shopId", coalesce(klub_day(NEW."lastOrderAt"), ''), klub_order_band(NEW."orderCount"), 1);
  RETURN NULL;
END
$$;
CREATE TRIGGER "Member_rollup_orders" AFTER UPDATE OF "orderCount", "lastOrderAt" ON "Member" FOR EACH ROW
  WHEN (klub_day(OLD."lastOrderAt") IS DISTINCT FROM klub_day(NEW."lastOrderAt") OR klub_order_band(OLD."orderCount") IS DISTINCT FROM klub_order_band(NEW."orderCount"))
  EXECUTE FUNCTION "Member_rollup_orders"();

-- An order's share of its day's rollup row, added (sign 1) or taken back (-1); nothing for an order not counted.
CREATE FUNCTION klub_rollup_order(o "OrderSummary", sign INTEGER) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "RollupOrders" ("shopId", "day", "member", "orders", "revenueMinor", "rewardOrders", "rewardRevenueMinor", "returningOrders", "firstOrders", "retainedOrders")
  SELECT o."shopId", klub_day(o."processedAt"), o."memberId" IS NOT NULL, sign, sign * (o."totalMinor" - o."refundedMinor"),
         sign * (o."redemptionId" IS NOT NULL)::int, sign * (CASE WHEN o."redemptionId" IS NOT NULL THEN o."totalMinor" - o."refundedMinor" ELSE 0 END),
         sign * (o."customerId" IS NOT NULL AND NOT o."firstOrder")::int, sign * o."firstOrder"::int, sign * (o."firstOrder" AND o."retained")::int
  WHERE o."cancelledAt" IS NULL AND NOT o."isTest"
  ON CONFLICT ("shopId", "day", "member") DO UPDATE SET
    "orders" = "RollupOrders"."orders" + excluded."orders", "revenueMinor" = "RollupOrders"."revenueMinor" + excluded."revenueMinor",
    "rewardOrders" = "RollupOrders"."rewardOrders" + excluded."rewardOrders", "rewardRevenueMinor" = "RollupOrders"."rewardRevenueMinor" + excluded."rewardRevenueMinor",
    "returningOrders" = "RollupOrders"."returningOrders" + excluded."returningOrders", "firstOrders" = "RollupOrders"."firstOrders" + excluded."firstOrders",
    "retainedOrders" = "RollupOrders"."retainedOrders" + excluded."retainedOrders";
$$;

CREATE FUNCTION "OrderSummary_rollup_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM klub_rollup_order(NEW, 1);
  RETURN NULL;
END
$$;
CREATE TRIGGER "OrderSummary_rollup_insert" AFTER INSERT ON "OrderSummary" FOR EACH ROW EXECUTE FUNCTION "OrderSummary_rollup_insert"();

CREATE FUNCTION "OrderSummary_rollup_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM klub_rollup_order(OLD, -1);
  PERFORM klub_rollup_order(NEW, 1);
  RETURN NULL;
END
$$;
CREATE TRIGGER "OrderSummary_rollup_update"
  AFTER UPDATE OF "processedAt", "cancelledAt", "isTest", "customerId", "memberId", "totalMinor", "refundedMinor", "redemptionId", "firstOrder", "retained" ON "OrderSummary"
  FOR EACH ROW EXECUTE FUNCTION "OrderSummary_rollup_update"();

-- Counted member orders by UTC quarter hour (SQLite: 20261202131150_audience_speed); a quarter is
-- the order's whole Unix seconds divided by 900, as SQLite's unixepoch() / 900.
CREATE FUNCTION klub_quarter(at TIMESTAMP(3)) RETURNS INTEGER LANGUAGE sql IMMUTABLE AS $$
  SELECT floor(extract(epoch FROM at) / 900)::int
$$;

CREATE FUNCTION klub_rollup_order_time(o "OrderSummary", sign INTEGER) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "RollupOrderTimes" ("shopId", "quarter", "orders", "revenueMinor")
  SELECT o."shopId", klub_quarter(o."processedAt"), sign, sign * (o."totalMinor" - o."refundedMinor")
  WHERE o."cancelledAt" IS NULL AND NOT o."isTest" AND o."memberId" IS NOT NULL
  ON CONFLICT ("shopId", "quarter") DO UPDATE SET "orders" = "RollupOrderTimes"."orders" + excluded."orders", "revenueMinor" = "RollupOrderTimes"."revenueMinor" + excluded."revenueMinor";
$$;

CREATE FUNCTION "OrderSummary_times_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM klub_rollup_order_time(NEW, 1);
  RETURN NULL;
END
$$;
CREATE TRIGGER "OrderSummary_times_insert" AFTER INSERT ON "OrderSummary" FOR EACH ROW
  WHEN (NEW."cancelledAt" IS NULL AND NOT NEW."isTest" AND NEW."memberId" IS NOT NULL) EXECUTE FUNCTION "OrderSummary_times_insert"();

CREATE FUNCTION "OrderSummary_times_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM klub_rollup_order_time(OLD, -1);
  PERFORM klub_rollup_order_time(NEW, 1);
  RETURN NULL;
END
$$;
CREATE TRIGGER "OrderSummary_times_update"
  AFTER UPDATE OF "shopId", "processedAt", "cancelledAt", "isTest", "memberId", "totalMinor", "refundedMinor" ON "OrderSummary"
  FOR EACH ROW EXECUTE FUNCTION "OrderSummary_times_update"();

-- Member search (SQLite: 20261201055323_member_search, an FTS5 trigram table): each member's
-- "first last email", folded as SEARCH_FOLDS in app/loyalty/members-query.server.ts and lower-cased,
-- under a pg_trgm GIN index that serves LIKE '%run%' for any run of 3+ characters.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION klub_search_fold(value TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(translate(value, 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĸĹĺĻļĽľĿŀŁłŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſȘșȚțЁё̧̨̦̀́̂̃̄̆̇̈̊̋̌', 'AAAAAACEEEEIIIIDNOOOOOOUUUUYaaaaaaceeeeiiiidnoooooouuuuyyAaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzsSsTtЕе'), 'Æ', 'AE'), 'Þ', 'TH'), 'ß', 'ss'), 'æ', 'ae'), 'þ', 'th'), 'Ĳ', 'IJ'), 'ĳ', 'ij'), 'Ŋ', 'NG'), 'ŋ', 'ng'), 'Œ', 'OE'), 'œ', 'oe')
$$;

CREATE TABLE "member_search" (
    "memberId" TEXT NOT NULL PRIMARY KEY,
    "text" TEXT NOT NULL
);
CREATE INDEX "member_search_text_idx" ON "member_search" USING gin ("text" gin_trgm_ops);

CREATE FUNCTION "Member_search_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "member_search" ("memberId", "text")
    VALUES (NEW."id", lower(klub_search_fold(coalesce(NEW."firstName", '') || ' ' || coalesce(NEW."lastName", '') || ' ' || coalesce(NEW."email", ''))))
    ON CONFLICT ("memberId") DO UPDATE SET "text" = excluded."text";
  RETURN NULL;
END
$$;
CREATE TRIGGER "Member_search_insert" AFTER INSERT ON "Member" FOR EACH ROW EXECUTE FUNCTION "Member_search_insert"();
CREATE TRIGGER "Member_search_update" AFTER UPDATE OF "firstName", "lastName", "email" ON "Member" FOR EACH ROW
  WHEN (OLD."firstName" IS DISTINCT FROM NEW."firstName" OR OLD."lastName" IS DISTINCT FROM NEW."lastName" OR OLD."email" IS DISTINCT FROM NEW."email")
  EXECUTE FUNCTION "Member_search_insert"();

CREATE FUNCTION "Member_search_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "member_search" WHERE "memberId" = OLD."id";
  RETURN NULL;
END
$$;
CREATE TRIGGER "Member_search_delete" AFTER DELETE ON "Member" FOR EACH ROW EXECUTE FUNCTION "Member_search_delete"();

-- The shop's setup version (SQLite: 20261201141116_shop_setup_version): a new random value,
-- 16 hex digits as SQLite's lower(hex(randomblob(8))), on every change to what the cache keeps.
CREATE FUNCTION klub_setup_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    UPDATE "Shop" SET "setupVersion" = substr(md5(gen_random_uuid()::text), 1, 16) WHERE "id" = NEW."shopId";
  END IF;
  IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR OLD."shopId" IS DISTINCT FROM NEW."shopId") THEN
    UPDATE "Shop" SET "setupVersion" = substr(md5(gen_random_uuid()::text), 1, 16) WHERE "id" = OLD."shopId";
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "ProgramSettings_setup_insert" AFTER INSERT ON "ProgramSettings" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "ProgramSettings_setup_update" AFTER UPDATE ON "ProgramSettings" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "ProgramSettings_setup_delete" AFTER DELETE ON "ProgramSettings" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "Tier_setup_insert" AFTER INSERT ON "Tier" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "Tier_setup_update" AFTER UPDATE ON "Tier" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "Tier_setup_delete" AFTER DELETE ON "Tier" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "Campaign_setup_insert" AFTER INSERT ON "Campaign" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "Campaign_setup_update" AFTER UPDATE ON "Campaign" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "Campaign_setup_delete" AFTER DELETE ON "Campaign" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "MailServer_setup_insert" AFTER INSERT ON "MailServer" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "MailServer_setup_update" AFTER UPDATE ON "MailServer" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "MailServer_setup_delete" AFTER DELETE ON "MailServer" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "EmailTemplate_setup_insert" AFTER INSERT ON "EmailTemplate" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "EmailTemplate_setup_update" AFTER UPDATE ON "EmailTemplate" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "EmailTemplate_setup_delete" AFTER DELETE ON "EmailTemplate" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "FlowTriggerUse_setup_insert" AFTER INSERT ON "FlowTriggerUse" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "FlowTriggerUse_setup_update" AFTER UPDATE ON "FlowTriggerUse" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();
CREATE TRIGGER "FlowTriggerUse_setup_delete" AFTER DELETE ON "FlowTriggerUse" FOR EACH ROW EXECUTE FUNCTION klub_setup_changed();

-- Partial indexes (SQLite: 20261202104000_member_tier_progress_index, 20261202121107_second_orders):
-- only queries that say these conditions literally are planned onto them.
CREATE INDEX "Member_shopId_tierProgress_idx" ON "Member"("shopId", "tierProgress") WHERE "tierProgress" > 0 AND "redactedAt" IS NULL;
CREATE INDEX "OrderSummary_first_orders_idx" ON "OrderSummary"("shopId", "processedAt") WHERE "firstOrder" = true;
CREATE INDEX "OrderSummary_second_orders_idx" ON "OrderSummary"("shopId", "processedAt", "firstOrderAt") WHERE "secondOrder" = true;
