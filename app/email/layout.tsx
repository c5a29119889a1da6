// An email's HTML: React rendered to static markup (React escapes every value), laid out as mail
// clients want it: one centred table, inline styles, no scripts or external CSS, the shop's logo
// and colour. The same words as plainText() in messages.ts.
import type { CSSProperties } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { Brand, EmailBody } from "./messages";

const FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const text: CSSProperties = { margin: "0 0 16px", fontSize: 16, lineHeight: "24px", color: "#303030" };

/** Dark text on a light colour, white on a dark one (WCAG's relative luminance). */
export function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.4 ? "#1a1a1a" : "#ffffff";
}

export function emailHtml(body: EmailBody, brand: Brand): string {
  return `<!doctype html>${renderToStaticMarkup(<Email body={body} brand={brand} />)}`;
}

function Email({ body, brand }: { body: EmailBody; brand: Brand }) {
  return (
    <html lang={body.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{body.subject}</title>
      </head>
      <body style={{ margin: 0, padding: 0, background: "#f4f4f4", fontFamily: FONT }}>
        <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ background: "#f4f4f4" }}>
          <tbody>
            <tr>
              <td align="center" style={{ padding: "24px 12px" }}>
                <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ maxWidth: 560, background: "#ffffff", borderRadius: 12, borderTop: `4px solid ${brand.accent}` }}>
                  <tbody>
                    <tr>
                      <td style={{ padding: 32 }}>
                        {brand.logoUrl ? <img src={brand.logoUrl} alt={brand.shopName} height={40} style={{ display: "block", marginBottom: 24, border: 0 }} /> : <p style={{ ...text, fontWeight: 600 }}>{brand.shopName}</p>}
                        <h1 style={{ margin: "0 0 16px", fontSize: 24, lineHeight: "32px", color: "#1a1a1a" }}>{body.heading}</h1>
                        {body.paragraphs.map((paragraph, i) => (
                          <p key={i} style={text}>
                            {paragraph}
                          </p>
                        ))}
                        {body.code ? (
                          <div style={{ margin: "0 0 16px", padding: 16, border: `2px dashed ${brand.accent}`, borderRadius: 8, textAlign: "center" }}>
                            <p style={{ ...text, margin: 0, fontSize: 14 }}>{body.code.label}</p>
                            <p style={{ margin: "4px 0", fontSize: 22, fontWeight: 700, letterSpacing: 1, fontFamily: "Menlo, Consolas, monospace", color: "#1a1a1a" }}>{body.code.value}</p>
                            {body.code.note ? <p style={{ ...text, margin: 0, fontSize: 14, color: "#616161" }}>{body.code.note}</p> : null}
                          </div>
                        ) : null}
                        <a href={body.action.url} style={{ display: "inline-block", padding: "12px 20px", borderRadius: 8, background: brand.accent, color: textOn(brand.accent), fontWeight: 600, textDecoration: "none" }}>
                          {body.action.label}
                        </a>
                      </td>
                    </tr>
                  </tbody>
                </table>
                <p style={{ maxWidth: 560, margin: "16px auto 0", fontSize: 12, lineHeight: "18px", color: "#616161" }}>
                  {body.footer} <a href={body.unsubscribe.url} style={{ color: "#616161" }}>{body.unsubscribe.label}</a>
                </p>
              </td>
            </tr>
          </tbody>
        </table>
      </body>
    </html>
  );
}
