// A PDF read back as a reader would: pdf-lib parses the file, each page's content stream is
// inflated, and the text it shows is decoded through its fonts' ToUnicode maps (embedded fonts
// show glyph ids, not letters); the rectangles it fills are listed too (a QR code's modules).
import { inflateSync } from "node:zlib";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream, type PDFPage } from "pdf-lib";

export interface PdfRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ReadPage {
  width: number;
  height: number;
  /** The text of each text object (BT … ET), in drawing order. */
  lines: string[];
  rects: PdfRect[];
}

function streamText(stream: PDFRawStream): string {
  const filter = stream.dict.get(PDFName.of("Filter"));
  const bytes = filter?.toString() === "/FlateDecode" ? inflateSync(stream.contents) : Buffer.from(stream.contents);
  return bytes.toString("latin1");
}

const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));

/** A ToUnicode CMap: character code (hex) -> text. */
function parseCMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const [, body] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of body.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(code.toLowerCase(), utf16(text));
  }
  for (const [, body] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, list, start] of body.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:\[([^\]]*)\]|<([0-9a-fA-F]+)>)/g)) {
      const from = parseInt(lo, 16);
      const to = parseInt(hi, 16);
      const targets = list ? [...list.matchAll(/<([0-9a-fA-F]+)>/g)].map((m) => utf16(m[1])) : null;
      for (let code = from; code <= to; code++) {
        const text = targets ? targets[code - from] : String.fromCharCode(parseInt(start, 16) + code - from);
        map.set(code.toString(16).padStart(lo.length, "0"), text);
      }
    }
  }
  return map;
}

function readPage(doc: PDFDocument, page: PDFPage): ReadPage {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref, PDFStream) as PDFRawStream) : [contents as PDFRawStream];
  const content = streams.map(streamText).join("\n");
  const fontDict = page.node.Resources()?.lookupMaybe(PDFName.of("Font"), PDFDict);
  const fonts = new Map<string, Map<string, string>>();
  for (const [name, ref] of fontDict?.entries() ?? []) {
    const font = doc.context.lookup(ref, PDFDict);
    const toUnicode = font.lookupMaybe(PDFName.of("ToUnicode"), PDFStream) as PDFRawStream | undefined;
    fonts.set(name.toString(), toUnicode ? parseCMap(streamText(toUnicode)) : new Map());
  }
  const lines: string[] = [];
  let font = new Map<string, string>();
  let line: string | null = null;
  for (const [, op, fontName, hex] of content.matchAll(/\b(BT|ET)\b|(\/\w+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>/g)) {
    if (op === "BT") line = "";
    else if (op === "ET" && line !== null) {
      lines.push(line);
      line = null;
    } else if (fontName) font = fonts.get(fontName) ?? new Map();
    else if (hex !== undefined && line !== null) line += (hex.toLowerCase().match(/.{4}/g) ?? []).map((code) => font.get(code) ?? "\ufffd").join("");
  }
  const rects = [...content.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re\b/g)].map(([, x, y, width, height]) => ({ x: +x, y: +y, width: +width, height: +height }));
  const { width, height } = page.getSize();
  return { width, height, lines, rects };
}

export async function readPdf(bytes: Uint8Array): Promise<{ pages: ReadPage[]; title: string | undefined }> {
  const doc = await PDFDocument.load(bytes);
  return { pages: doc.getPages().map((page) => readPage(doc, page)), title: doc.getTitle() };
}
