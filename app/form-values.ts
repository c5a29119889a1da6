// What the owner typed before the page's script ran is kept (decision 030). Every admin form is a
// real <form method="post"> of named fields, so what it sends is what the page shows, script or
// none. Where React also holds a form's values (to show a field, to keep a file), they start from
// the page as React finds it when it takes over, not from what the server rendered: React 18 does
// not report what was typed before it hydrated, and the render that follows at once (Polaris'
// TextField renders again after mounting) would write the server's values back over the fields.
// Shared by routes and their components, so it is not a .server module.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

/** A form's fields by name: text as typed or chosen, a box as ticked. */
export type FieldValues = Record<string, string | boolean>;

// In the browser, before anything paints or renders again; the server runs no effects.
const useAsReactTakesOver = typeof document === "undefined" ? useEffect : useLayoutEffect;

/**
 * State that starts from what the server rendered and is then read once from the page as React
 * takes over: `read` gets the element the ref is put on (a form) and the state, and returns the
 * state the page holds (the state itself when nothing changed).
 */
export function useStateFromPage<S, E extends HTMLElement = HTMLFormElement>(initial: S | (() => S), read: (element: E, current: S) => S) {
  const element = useRef<E>(null);
  const [state, setState] = useState(initial);
  const readOnce = useRef(read);
  useAsReactTakesOver(() => {
    const found = element.current;
    if (found) setState((current) => readOnce.current(found, current));
  }, []);
  return [state, setState, element] as const;
}

/**
 * A form's named fields as state (see useStateFromPage): `form` goes on the <form>, `set(field)`
 * on a field's onChange. A box is sent as "true" or "false" (CheckboxField). `set(field)` is the
 * same function on every render, so that a memoised field (components/fields) is not rendered
 * again when another field changes.
 */
export function useFormValues<V extends FieldValues>(initial: V | (() => V), sent?: [string, string][]) {
  const [values, setValues, form] = useStateFromPage<V>(() => startingValues(typeof initial === "function" ? initial() : initial, sent), (element, current) => heldValues(new FormData(element), current));
  const setters = useRef(new Map<keyof V, (value: string | boolean) => void>());
  const set = useCallback((field: keyof V) => {
    let setter = setters.current.get(field);
    if (!setter) {
      setter = (value: string | boolean) => setValues((current) => ({ ...current, [field]: value }));
      setters.current.set(field, setter);
    }
    return setter;
  }, [setValues]);
  return { form, values, setValues, set };
}

/**
 * What a form starts from: its saved values, or, on the page that answers a refused plain POST
 * (JavaScript off), what that POST sent (ActionResult.sent). With JavaScript the form stays
 * mounted through a refusal and keeps its own state.
 */
export function startingValues<V extends FieldValues>(saved: V, sent: [string, string][] | undefined): V {
  return sent ? heldValues(new URLSearchParams(sent), saved) : saved;
}

/** Each of `values`' fields as the form would send it (the last value under its name, as the actions read it). */
export function heldValues<V extends FieldValues>(held: Pick<FormData, "getAll"> | URLSearchParams, values: V): V {
  let changed = false;
  const next: FieldValues = { ...values };
  for (const [field, value] of Object.entries(values)) {
    const sent = held.getAll(field).at(-1);
    if (typeof sent !== "string") continue; // not in the form (a field shown only for another choice)
    next[field] = typeof value === "boolean" ? sent === "true" : sent;
    changed ||= next[field] !== value;
  }
  return changed ? (next as V) : values;
}
