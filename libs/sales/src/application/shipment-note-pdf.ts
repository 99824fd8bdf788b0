import { PDFDocument, StandardFonts } from 'pdf-lib';
import { passportQrPng } from './passport-pdf';
import { PdfTextFlow } from './pdf-text-flow';
import type { ShipmentNote } from './shipment-note';

/** The shipment note as a PDF (A4), with the QR code of the shipment's passport. */
export async function shipmentNotePdf(note: ShipmentNote): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Shipment note ${note.shipmentId}`);
  pdf.setProducer('rre sales');
  const flow = new PdfTextFlow(pdf, {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
  });
  const qr = await pdf.embedPng(await passportQrPng(note.passport.uri));
  flow.page.drawImage(qr, { x: 455, y: 710, width: 100, height: 100 });
  flow.reserveTopRight(455, 710);
  const line = flow.line.bind(flow);
  line('Shipment note', { size: 18, strong: true });
  line(`Shipment ${note.shipmentId}`);
  line(`Order ${note.orderId}`);
  line(`Shipped ${note.shippedAt}`);
  line(`Carrier ${note.carrier}${note.trackingNumber ? `, tracking number ${note.trackingNumber}` : ''}`);
  flow.gap(6);
  line('Shipper', { strong: true });
  line(`${note.shipper.legalName}, ${note.shipper.contact} (${note.shipper.country})`, { indent: 10 });
  line('Consignee', { strong: true });
  line(note.consignee.legalName, { indent: 10 });
  const site = note.consignee.deliverySite;
  line(`${site.name}, ${site.address} (${site.country})`, { indent: 10 });
  flow.gap(6);
  line('Containers', { size: 12, strong: true });
  for (const c of note.containers) {
    line(`Container ${c.containerId}: lot ${c.lotCode}`, { strong: true, indent: 10 });
    line(`Lot id ${c.lotId}`, { indent: 20 });
    line(c.product, { indent: 20 });
    line(
      `CN ${c.cnCode}, net ${c.netMassKg} kg${c.grossMassKg !== undefined ? `, gross ${c.grossMassKg} kg` : ''}`,
      { indent: 20 },
    );
  }
  flow.gap(6);
  line(
    `Total net mass ${note.netMassKg} kg${note.grossMassKg !== undefined ? `, gross ${note.grossMassKg} kg` : ''}`,
    { strong: true },
  );
  flow.gap(6);
  line(`Product passport ${note.passport.id}`);
  line(note.passport.uri, { size: 8 });
  return pdf.save();
}
