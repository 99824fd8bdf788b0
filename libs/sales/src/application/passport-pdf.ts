import { PDFDocument, StandardFonts } from 'pdf-lib';
import { toBuffer } from 'qrcode';
import type { PassportDocument } from './passport';
import { PdfTextFlow } from './pdf-text-flow';

/** The QR code of a passport's GS1 Digital Link URI, as PNG. */
export function passportQrPng(uri: string): Promise<Buffer> {
  return toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

/** The passport (as its tier reads it) as a PDF flowed over A4 pages, with the QR code of its URI. */
export async function passportPdf(passport: PassportDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Product passport ${passport.id}`);
  pdf.setProducer('rre sales');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const qr = await pdf.embedPng(await passportQrPng(passport.uri));
  const flow = new PdfTextFlow(pdf, { regular: font, bold });
  const line = flow.line.bind(flow);
  flow.page.drawImage(qr, { x: 435, y: 690, width: 120, height: 120 });
  flow.reserveTopRight(435, 690);
  line('Product passport', { size: 18, strong: true });
  line(`Passport ${passport.id} (${passport.tier.toLowerCase()} view)`);
  line(passport.uri, { size: 8 });
  line(`Issuer: ${passport.issuer.legalName}, ${passport.issuer.contact} (${passport.issuer.country})`);
  line(
    `Shipped ${passport.shipment.shippedAt}, net ${passport.shipment.netMassKg} kg${passport.shipment.carrier ? `, carrier ${passport.shipment.carrier}` : ''}`,
  );
  if (passport.buyer)
    line(
      `Buyer: ${passport.buyer.legalName}, ${passport.buyer.deliverySite.name}, ${passport.buyer.deliverySite.address} (${passport.buyer.deliverySite.country})`,
    );
  line(`Recycled content: ${passport.recycledContentStatus}`);
  flow.gap(10);
  for (const lot of passport.lots) {
    line(`Lot ${lot.lotCode}: ${lot.product.name} (${lot.product.formula}), grade ${lot.grade}`, {
      size: 12,
      strong: true,
    });
    line(`Lot id ${lot.lotId}`, { indent: 10 });
    line(`Net mass ${lot.netMassKg} kg, purity ${lot.purityPercent} %`, { indent: 10 });
    line(`Customs: CN ${lot.customs.cnCode}, origin ${lot.customs.originCountry}`, { indent: 10 });
    line(
      `Assay: ${lot.assay.map((a) => `${a.element} ${a.fraction}${a.uncertainty ? ` +/- ${a.uncertainty}` : ''}`).join(', ')}`,
      { indent: 10 },
    );
    if (lot.recycledContent.status === 'PENDING') {
      line('Recycled content: pending (traceability has not issued its statement yet)', { indent: 10 });
    } else {
      const s = lot.recycledContent as Record<string, unknown>;
      line(
        `Recycled content (statement ${String(s['statementId'] ?? '')}, method ${String(s['methodVersion'] ?? '')}, model ${String(s['chainOfCustodyModel'] ?? '')}):`,
        { indent: 10 },
      );
      for (const element of (s['elements'] as
        | {
            element: string;
            mass?: { value: string };
            categories?: {
              category: string;
              mass?: { value: string };
              share?: { value: string };
              shareUncertainty?: { value: string };
            }[];
          }[]
        | undefined) ?? []) {
        line(`${element.element}: ${element.mass?.value ?? '?'} kg`, { indent: 20 });
        for (const c of element.categories ?? []) {
          line(
            `${c.category.replace('CONTENT_CATEGORY_', '').toLowerCase().replace('_', '-')}: ${c.mass?.value ?? '?'} kg, share ${c.share?.value ?? '?'} +/- ${c.shareUncertainty?.value ?? '?'}`,
            { indent: 30, size: 9 },
          );
        }
      }
      const proof = s['ledgerProof'] as { checkpointId: string; root?: string } | undefined;
      if (proof)
        line(`Ledger checkpoint ${proof.checkpointId}${proof.root ? `, root ${proof.root}` : ''}`, {
          indent: 20,
          size: 9,
        });
      if (s['co2eKgPerKg'] !== undefined) line(`CO2e ${String(s['co2eKgPerKg'])} kg per kg`, { indent: 20 });
      for (const c of (s['countriesOfOrigin'] as
        { country: string; element: string; share?: { value: string } }[] | undefined) ?? []) {
        line(`source country ${c.country} (${c.element}): share ${c.share?.value ?? '?'}`, {
          indent: 20,
          size: 9,
        });
      }
    }
    for (const restatement of lot.restatements ?? []) {
      line(
        `Restated ${restatement.issuedAt.slice(0, 10)}: statement ${restatement.statementId}, see ${passport.uri}`,
        { indent: 10, strong: true },
      );
      for (const element of (restatement['elements'] as
        | {
            element: string;
            mass?: { value: string };
            categories?: { category: string; share?: { value: string } }[];
          }[]
        | undefined) ?? []) {
        const postConsumer = element.categories?.find((c) => c.category === 'CONTENT_CATEGORY_POST_CONSUMER');
        line(
          `${element.element}: ${element.mass?.value ?? '?'} kg, post-consumer share ${postConsumer?.share?.value ?? '?'}`,
          { indent: 20, size: 9 },
        );
      }
    }
    flow.gap(8);
  }
  return pdf.save();
}
