// The in-store poster: one A4 page with the shop's name, a headline, three lines on how the program
// works (from the shop's earning rules) and a QR code to the loyalty page, in one language.
// DejaVu Sans is embedded (subset) because the PDF's standard fonts have no Polish or Cyrillic
// letters (docs/decisions/038).
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { translator, type Locale } from "../i18n/i18n";
import { formatMoney } from "../loyalty/money";
import type { ProgramRules } from "../loyalty/program";
import { formatPoints, type Wording } from "../storefront/shopper-view";

const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"),
  bold: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"),
};

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const QR_SIZE = 250;

export interface PosterInput {
  shopName: string;
  /** The loyalty page the QR code opens. */
  loyaltyUrl: string;
  rules: Pick<ProgramRules, "earnPoints" | "earnPerAmountMinor" | "signupBonus">;
  currency: string;
  accent: string;
  locale: Locale;
}

/** The three lines on the poster: join, earn, spend. */
export function posterLines(input: Pick<PosterInput, "rules" | "currency" | "locale">): string[] {
  const t = translator(input.locale);
  const w: Wording = { t, locale: input.locale, currency: input.currency };
  const { rules } = input;
  return [
    rules.signupBonus > 0 ? t("poster.joinBonus", { points: formatPoints(rules.signupBonus, w) }) : t("poster.join"),
    t("poster.earn", { points: formatPoints(rules.earnPoints, w), amount: formatMoney(rules.earnPerAmountMinor, input.currency, input.locale) }),
    t("poster.spend"),
  ];
}

/** The poster as a PDF file. */
export async function posterPdf(input: PosterInput): Promise<Uint8Array<ArrayBuffer>> {
  const t = translator(input.locale);
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    font: FONTS.regular, // the default font too: pdfkit would otherwise load Helvetica, which has no Cyrillic
    lang: input.locale,
    info: { Title: `${input.shopName}: ${t("poster.headline")}`, Producer: "Klub", Creator: "Klub" },
  });
  doc.registerFont("regular", FONTS.regular);
  doc.registerFont("bold", FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });

  const width = A4.width - 2 * MARGIN;
  const accent = /^#[0-9a-fA-F]{6}$/.test(input.accent) ? input.accent : "#303030";
  doc.rect(0, 0, A4.width, 18).fill(accent);
  doc.fillColor("#111111").font("bold").fontSize(34).text(input.shopName, MARGIN, 60, { width, align: "center" });
  doc.moveDown(0.3).fillColor(accent).fontSize(26).text(t("poster.headline"), { width, align: "center" });

  doc.moveDown(1).fillColor("#111111").font("bold").fontSize(18).text(t("poster.how"), { width });
  posterLines(input).forEach((line, i) => {
    doc.moveDown(0.4).font("bold").fontSize(16).text(`${i + 1}. `, { width, continued: true }).font("regular").text(line);
  });

  // The QR code, drawn as squares (sharp at any print size), a run of dark modules at a time.
  const qr = QRCode.create(input.loyaltyUrl, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const cell = QR_SIZE / size;
  const left = (A4.width - QR_SIZE) / 2;
  const top = A4.height - MARGIN - 70 - QR_SIZE; // from the bottom: the text above may take more lines in one language
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!qr.modules.get(row, col)) continue;
      const start = col;
      while (col + 1 < size && qr.modules.get(row, col + 1)) col++;
      doc.rect(left + start * cell, top + row * cell, (col - start + 1) * cell, cell);
    }
  }
  doc.fill("#000000");
  doc.fillColor("#111111").font("bold").fontSize(20).text(t("poster.scan"), MARGIN, top + QR_SIZE + 16, { width, align: "center" });
  doc.moveDown(0.3).font("regular").fontSize(11).fillColor("#444444").text(input.loyaltyUrl, { width, align: "center" });

  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
