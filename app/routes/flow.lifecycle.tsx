// Flow's trigger lifecycle callback (extensions/klub-flow-lifecycle): which shops have an enabled
// workflow for which of Klub's triggers.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { receiveLifecycleCallback } from "../shopify/flow-triggers.server";

export const action = ({ request }: ActionFunctionArgs) => receiveLifecycleCallback(db, request);
