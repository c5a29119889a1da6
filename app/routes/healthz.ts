// GET /healthz: the process is alive (app/health.server.ts).
import { liveness } from "../health.server";

export const loader = () => liveness();
