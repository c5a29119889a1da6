// Notices: a member should hear of an event. Written into the email outbox (EmailDelivery) in the
// transaction that made the event, keyed by the event, so a replayed webhook or a second run of a
// daily job adds nothing; sent after the transaction commits (app/email/deliveries.server.ts).
import type { NoticeFacts, NoticeType } from "./notices";
import { shopSetup } from "./shop-setup.server";
import type { DbOrTx } from "./transactions.server";

type Tx = DbOrTx;

export interface Notice<T extends NoticeType> {
  shopId: string;
  memberId: string;
  type: T;
  /** The event, unique within the shop: the same key never makes a second email. */
  key: string;
  facts: NoticeFacts[T];
  now: Date;
}

/** Whether the shop sends this type: it has a mail server, and the type is on (or on by default). */
export async function sends(tx: Tx, shopId: string, type: NoticeType): Promise<boolean> {
  return (await shopSetup(tx, shopId))?.sendsEmail(type) ?? false;
}

export async function notify<T extends NoticeType>(tx: Tx, notice: Notice<T>): Promise<void> {
  if (!(await sends(tx, notice.shopId, notice.type))) return;
  await tx.emailDelivery.upsert({
    where: { shopId_eventKey: { shopId: notice.shopId, eventKey: notice.key } },
    update: {},
    create: {
      shopId: notice.shopId,
      memberId: notice.memberId,
      type: notice.type,
      eventKey: notice.key,
      facts: JSON.stringify(notice.facts),
      nextAttemptAt: notice.now,
      createdAt: notice.now,
    },
  });
}

/** The member asked for no more of the program's emails (the link in each). Returns whether they were subscribed. */
export async function unsubscribe(db: DbOrTx, shopId: string, memberId: string, now = new Date()): Promise<boolean> {
  const { count } = await db.member.updateMany({ where: { id: memberId, shopId, emailUnsubscribedAt: null }, data: { emailUnsubscribedAt: now } });
  if (count) await db.emailDelivery.updateMany({ where: { shopId, memberId, status: "pending" }, data: { status: "skipped", note: "unsubscribed" } });
  return count > 0;
}
