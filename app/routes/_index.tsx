// The app's root URL outside the Shopify admin: says what is running and where its data lives.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import db, { DEFAULT_DATABASE_URL } from "../db.server";

export const meta: MetaFunction = () => [{ title: "Klub" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  // Shopify opens the app at its URL with ?shop=...; send it to the embedded admin.
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  const [shops, members, entries] = await Promise.all([
    db.shop.count(),
    db.member.count(),
    db.ledgerEntry.count(),
  ]);
  return { database: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, shops, members, entries };
};

export default function Landing() {
  const { database, shops, members, entries } = useLoaderData<typeof loader>();
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", lineHeight: 1.5 }}>
      <h1>Klub is running</h1>
      <p>The loyalty program app for Shopify stores, running locally on SQLite.</p>
      <dl>
        <dt>Database</dt>
        <dd>
          <code>{database}</code>
        </dd>
        <dt>Contents</dt>
        <dd>
          {shops} shops, {members} members, {entries} ledger entries
        </dd>
      </dl>
    </main>
  );
}
