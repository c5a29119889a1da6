// The owner's own words for an email type, per language, as kept in EmailTemplate.words (JSON).
import { z } from "zod";
import { LOCALES, type Locale } from "../i18n/i18n";
import type { OwnWords } from "./messages";

const own = z.object({ subject: z.string().max(200).optional(), opening: z.string().max(1000).optional() });
export const wordsSchema = z.partialRecord(z.enum(LOCALES), own);
export type TemplateWords = z.infer<typeof wordsSchema>;

export function parseWords(json: string | null | undefined): TemplateWords {
  const parsed = wordsSchema.safeParse(json ? JSON.parse(json) : {});
  return parsed.success ? parsed.data : {};
}

export function wordsFor(words: TemplateWords, locale: Locale): OwnWords {
  return words[locale] ?? {};
}
