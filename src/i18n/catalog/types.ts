/** One message in one language. Placeholders `{name}` / `{name:formatter}` are filled from the error's context. */
export interface MessageTexts {
  /** A few words: what happened (problem+json `title`, the heading of a message box). */
  title: string;
  /** The sentence: what exactly is wrong, with the values concerned. */
  detail: Wording;
  /** What to do about it. */
  hint?: Wording;
  /** On the terminal instead of `detail`, when the command line words it differently. */
  cliDetail?: Wording;
  /** On the terminal instead of `hint` (may name commands and options). */
  cliHint?: Wording;
}

/** One template, or several from the fullest to the plainest: the first whose values are all known is used. */
export type Wording = string | readonly string[];

/**
 * Who reads the message on a screen: `staff` (cashier, supervisor, back office: never a
 * code, a field path or an API hint), `operator` (whoever installs and runs Reissue, on the
 * terminal), `integrator` (a program's author, over HTTP), `developer` (a bug or misuse
 * inside a program that links Reissue).
 */
export const Audiences = ['staff', 'operator', 'integrator', 'developer'] as const;
export type Audience = (typeof Audiences)[number];

export interface MessageEntry {
  audience: Audience;
  zh: MessageTexts;
  en: MessageTexts;
  /** Wordings chosen by the error's `context.rule` (one code, several ways to be wrong). */
  variants?: Readonly<Record<string, { zh: Partial<MessageTexts>; en: Partial<MessageTexts> }>>;
}

export type MessageCatalog = Readonly<Record<string, MessageEntry>>;

type Draft = Omit<MessageEntry, 'audience'> & { audience?: Audience };

/** A group of messages that share an audience unless one says otherwise. */
export function messages<K extends string>(audience: Audience, entries: Record<K, Draft>): Record<K, MessageEntry> {
  const out = {} as Record<K, MessageEntry>;
  for (const [code, entry] of Object.entries(entries) as [K, Draft][]) out[code] = { ...entry, audience: entry.audience ?? audience };
  return out;
}
