// Secrets an owner gives Klub (a mail server's password) are stored sealed: AES-256-GCM under
// KLUB_SECRETS_KEY, so a copy of the database alone does not give them away. "v1" names the
// scheme, so that a later one can be told apart.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const SCHEME = "v1";

export function seal(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [SCHEME, iv.toString("base64"), cipher.getAuthTag().toString("base64"), sealed.toString("base64")].join(":");
}

/** The secret, or an error when it was sealed under another key or changed since. */
export function open(sealed: string, key: Buffer): string {
  const [scheme, iv, tag, body] = sealed.split(":");
  if (scheme !== SCHEME || !iv || !tag || !body) throw new Error("not a sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
}
