// GET /readyz: the process can take traffic (app/health.server.ts).
import db from "../db.server";
import { readiness } from "../health.server";

export const loader = () => readiness(db);
