import pino from "pino";
import { logLevel } from "./env.server";

export const logger = pino({
  level: logLevel(),
  base: { app: "klub" },
});
