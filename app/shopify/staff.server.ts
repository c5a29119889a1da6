// Who did something in the admin, for the activity log: the staff member's id from the session token.
export function staffActor(sessionToken: { sub?: string } | undefined): string {
  return `staff:${sessionToken?.sub ?? "unknown"}`;
}
