// The encryptions a mail server may use: shared by the server code and the Emails page's select
// (so not a .server module).
/** tls: TLS from the first byte (port 465); starttls: upgraded, and refused without it (587); none: plain, for a server on this machine. */
export const SECURITY = ["tls", "starttls", "none"] as const;
