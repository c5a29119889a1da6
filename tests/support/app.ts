// Points the app's modules (app/db.server.ts reads DATABASE_URL once) at a fresh database file.
// Call before the first import of anything under app/ that touches the database.
import { freshDatabase, type TestDatabase } from "./database";

export function useFreshAppDatabase(): TestDatabase {
  const database = freshDatabase();
  process.env.DATABASE_URL = database.url;
  return database;
}
