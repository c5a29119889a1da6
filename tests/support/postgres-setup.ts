// The PostgreSQL project's global set-up: one server for the run, and one database migrated with
// the real `prisma migrate deploy` that each test file copies (CREATE DATABASE ... TEMPLATE).
import { execFileSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres-server";

export const TEMPLATE = "klub_template";

export default async function setup(project: TestProject) {
  const server = await startPostgres();
  try {
    await server.query(`CREATE DATABASE ${TEMPLATE}`);
    execFileSync("prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: server.url(TEMPLATE) }, stdio: "pipe" });
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide("postgresTemplate", server.url(TEMPLATE));
  return () => server.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    postgresTemplate: string;
  }
}
