// The one shape every admin action answers in (as the Epic Stack's submission.reply()): whether it
// worked, the errors per field (translation keys, with their values), and what the page shows next.
// Shared by routes and their components, so it is not a .server module.

export interface ActionResult<Errors extends object = Record<string, never>, Data = undefined> {
  ok: boolean;
  errors: Partial<Errors>;
  data?: Data;
}

export function succeeded<Data = undefined>(data?: Data): ActionResult<Record<string, never>, Data> & { ok: true } {
  return { ok: true, errors: {}, ...(data === undefined ? {} : { data }) };
}

export function failed<Errors extends object, Data = undefined>(errors: Partial<Errors>, data?: Data): ActionResult<Errors, Data> & { ok: false } {
  return { ok: false, errors, ...(data === undefined ? {} : { data }) };
}
