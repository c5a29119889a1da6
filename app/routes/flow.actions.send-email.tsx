// The Flow action of extensions/klub-flow-send-email: app/shopify/flow-actions.server.ts carries it out.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { runFlowAction } from "../shopify/flow-actions.server";

export const action = ({ request }: ActionFunctionArgs) => runFlowAction(db, "send-email", request);
