/**
 * A receipt as a one-page A4 PDF (pdfkit, its built-in Helvetica). The same facts as the
 * receipt page, from the same `Receipt`.
 */
import PDFDocument from "pdfkit";
import { formatMoney } from "@/lib/money";
import { MERCHANT_NAME } from "@/lib/payments/consent";
import { describeTime, formatInstant } from "@/lib/time";
import type { Receipt } from "./receipts";
import { formatVatRate } from "./vat";

/** The built-in fonts encode WinAnsi only: the narrow and no-break spaces Intl uses become spaces. */
function pdfText(text: string): string {
  return text.replace(/[\u00a0\u202f\u2009]/g, " ").replace(/\u2212/g, "-").replace(/[\u2013\u2014]/g, "-");
}

const MARGIN = 56;
const INK = "#1d3a30";
const MUTED = "#4d6b60";

export function receiptFileName(receipt: Receipt): string {
  return `loyly-${receipt.number.toLowerCase()}.pdf`;
}

export function renderReceiptPdf(receipt: Receipt, options: { createdAt?: Date } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: {
      Title: `${MERCHANT_NAME} ${receipt.kind === "payment" ? "receipt" : "refund receipt"} ${receipt.number}`,
      Author: MERCHANT_NAME,
      CreationDate: options.createdAt ?? receipt.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const tz = receipt.listing.timeZone;
  const money = (minor: number) => pdfText(formatMoney(minor, receipt.currency));
  const width = doc.page.width - MARGIN * 2;
  const right = (text: string, y: number, font = "Helvetica") => {
    doc.font(font).text(text, MARGIN, y, { width, align: "right" });
  };

  // Heading
  doc.fillColor(MUTED).font("Helvetica-Bold").fontSize(10).text(MERCHANT_NAME.toUpperCase(), MARGIN, MARGIN, { characterSpacing: 2 });
  doc.fillColor(INK).fontSize(22).text(receipt.kind === "payment" ? "Receipt" : "Refund receipt", MARGIN, MARGIN + 16);
  doc.fontSize(11);
  right(receipt.number, MARGIN, "Helvetica-Bold");
  right(pdfText(`${receipt.kind === "payment" ? "Paid" : "Refunded"} ${formatInstant(receipt.issuedAt, tz)}`), MARGIN + 16);
  if (receipt.kind === "refund" && receipt.refundStatus === "PENDING") right("Processing by the bank", MARGIN + 32);
  let y = MARGIN + 64;
  doc.moveTo(MARGIN, y).lineTo(MARGIN + width, y).strokeColor("#d9d2c3").stroke();
  y += 16;

  // Facts, two columns
  const facts: [string, string][] = [
    ["Booking reference", receipt.bookingReference],
    ["Customer", receipt.customer.name],
    ["Sauna", receipt.listing.title],
    ["Host", receipt.host.name],
    ["Address", `${receipt.listing.address}, ${receipt.listing.city}`],
    ["When", `${describeTime({ startsAt: receipt.startsAt, endsAt: receipt.endsAt, listing: { timeZone: tz } })} (${tz})`],
    ["Guests", String(receipt.guests)],
    [receipt.kind === "payment" ? "Paid with" : "Refunded to", receipt.card ? `${receipt.card.brand.charAt(0).toUpperCase()}${receipt.card.brand.slice(1)} **** ${receipt.card.last4}` : "Card"],
  ];
  const column = (width - 24) / 2;
  for (let i = 0; i < facts.length; i += 2) {
    let rowHeight = 0;
    for (const [j, fact] of facts.slice(i, i + 2).entries()) {
      const x = MARGIN + j * (column + 24);
      doc.font("Helvetica-Bold").fontSize(10).fillColor(INK).text(pdfText(fact[0]), x, y, { width: column });
      doc.font("Helvetica").fontSize(10).fillColor(MUTED).text(pdfText(fact[1]), x, y + 14, { width: column });
      rowHeight = Math.max(rowHeight, 14 + doc.heightOfString(pdfText(fact[1]), { width: column }));
    }
    y += rowHeight + 12;
  }

  // Amounts
  y += 8;
  doc.font("Helvetica-Bold").fontSize(10).fillColor(MUTED).text("Item", MARGIN, y);
  right("Amount", y, "Helvetica-Bold");
  y += 16;
  doc.moveTo(MARGIN, y).lineTo(MARGIN + width, y).strokeColor("#d9d2c3").stroke();
  y += 8;
  doc.fillColor(INK).fontSize(11);
  for (const line of receipt.lines) {
    doc.font("Helvetica").text(pdfText(line.label), MARGIN, y);
    right(money(line.amount), y);
    y += 20;
  }
  doc.moveTo(MARGIN, y).lineTo(MARGIN + width, y).strokeColor("#d9d2c3").stroke();
  y += 10;
  const totals: [string, string, boolean][] = [
    ["Net", money(receipt.totals.net), false],
    [`VAT ${formatVatRate(receipt.totals.bps)} (included)`, money(receipt.totals.vat), false],
    [receipt.kind === "payment" ? "Total paid" : "Total refunded", money(receipt.totals.gross), true],
  ];
  for (const [label, value, strong] of totals) {
    const font = strong ? "Helvetica-Bold" : "Helvetica";
    doc.fontSize(strong ? 13 : 11).fillColor(strong ? INK : MUTED).font(font).text(pdfText(label), MARGIN, y);
    right(value, y, font);
    y += strong ? 24 : 18;
  }

  if (receipt.reason) {
    y += 8;
    doc.font("Helvetica").fontSize(10).fillColor(MUTED).text(pdfText(`Reason: ${receipt.reason}`), MARGIN, y, { width });
    y += doc.heightOfString(pdfText(`Reason: ${receipt.reason}`), { width }) + 8;
  }
  y += 16;
  doc
    .font("Helvetica")
    .fontSize(9)
    .fillColor(MUTED)
    .text(pdfText(`Times are in ${tz}. Prices include VAT. ${MERCHANT_NAME} collects the payment for the host.`), MARGIN, y, { width });

  doc.end();
  return done;
}
