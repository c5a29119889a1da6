// Loading what a block shows, and acting on it (redeem, apply, cancel) one action at a time.
import { useEffect, useState } from "preact/hooks";
import { KlubError, type MadeCode, type KlubState, type Spent } from "./klub";

/** null while loading, then the answer or the KlubError that says why not; retry() asks again. */
export function useLoad<T>(load: () => Promise<T>) {
  const [attempt, setAttempt] = useState(0);
  const [value, setValue] = useState<T | KlubError | null>(null);
  useEffect(() => {
    load().then(setValue, (error: unknown) => setValue(error instanceof KlubError ? error : new KlubError()));
    // `load` is a module-level function of the caller's: only a retry asks again.
  }, [attempt]);
  const retry = () => {
    setValue(null);
    setAttempt((a) => a + 1);
  };
  return { value, setValue, retry };
}

export interface Notice {
  tone: "success" | "warning" | "critical";
  text: string;
  /** A redeemed code the checkout refused: its points can be returned. */
  refused?: MadeCode;
  /** A partner's voucher just given: shown with a button that copies it. */
  copy?: string;
}

/** `busy` is the key of the action under way; the notice says how the last one went (`failed` when the app did not answer). */
export function useActions(failed: () => string) {
  const [busy, setBusy] = useState("");
  const [notice, setNotice] = useState<Notice | null>(null);
  async function act(key: string, work: () => Promise<Notice>) {
    setBusy(key);
    setNotice(null);
    try {
      setNotice(await work());
    } catch (error) {
      setNotice({ tone: "critical", text: (error instanceof KlubError && error.reason) || failed() });
    }
    setBusy("");
  }
  return { busy, notice, act };
}

/** The state after a redeem or a cancel: the member's new balance, the code first among theirs. */
export function afterSpending(state: KlubState, { member, code }: Spent): KlubState {
  const codes = code ? [code, ...state.codes.filter((c) => c.id !== code.id)] : state.codes;
  return { ...state, member: member ?? state.member, codes };
}
