// The one shape every admin action answers in (as the Epic Stack's submission.reply()): whether it
// worked, the errors per field (translation keys, with their values), what the page shows next,
// and for a refused form what it sent (as the Epic Stack's initialValue).
// Shared by routes and their components, so it is not a .server module.

export interface ActionResult<Errors extends object = Record<string, never>, Data = undefined> {
  ok: boolean;
  errors: Partial<Errors>;
  data?: Data;
  /**
   * The refused form's fields as sent, in order: the page that answers a plain POST (JavaScript
   * off) starts from them, so the owner sees what they typed beside the errors (form-values).
   */
  sent?: [string, string][];
}

export function succeeded<Data = undefined>(data?: Data): ActionResult<Record<string, never>, Data> & { ok: true } {
  return { ok: true, errors: {}, ...(data === undefined ? {} : { data }) };
}

export function failed<Errors extends object, Data = undefined>(errors: Partial<Errors>, data?: Data, sent?: FormData): ActionResult<Errors, Data> & { ok: false } {
  const fields = sent ? [...sent].flatMap(([name, value]): [string, string][] => (typeof value === "string" ? [[name, value]] : [])) : undefined;
  return { ok: false, errors, ...(data === undefined ? {} : { data }), ...(fields ? { sent: fields } : {}) };
}
