import { Controller, Get, Header, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal, Public } from '@rre/auth';
import { passportAsIssued, type PassportTier } from '../application/passport';
import { passportPdf, passportQrPng } from '../application/passport-pdf';
import { shipmentNotePdf } from '../application/shipment-note-pdf';
import type { SalesApplication } from '../sales-application';
import { SALES_APPLICATION } from '../sales.di-tokens';

const PASSPORT_ID = /^[A-Za-z0-9_-]{22}$/;

interface PassportResponse {
  setHeader(name: string, value: string): void;
  end(body: Buffer | string): void;
}

/**
 * The passports, read-only, at public URLs: `/passports/<id>` (JSON), `.jws` (the same JSON as
 * issued, without the lots' later `restatements`, signed with the plant's Ed25519 key), `.pdf`, `.png` (QR code of the GS1 Digital Link URI),
 * `/shipment-note.pdf` (buyer and authority tiers);
 * `/passports/keys` the public key. Anyone holding the id reads the public tier; a token of the
 * buyer's organisation the buyer tier; auditors and admins the authority tier.
 */
@Controller('passports')
@Public()
export class PassportController {
  constructor(@Inject(SALES_APPLICATION) private readonly sales: SalesApplication) {}

  private tierOf(principal: Principal | undefined, buyerOrganisation: string | undefined): PassportTier {
    if (!principal) return 'PUBLIC';
    if (principal.roles.includes('auditor') || principal.roles.includes('admin')) return 'AUTHORITY';
    return principal.organisationId === buyerOrganisation ? 'BUYER' : 'PUBLIC';
  }

  private async passport(id: string, principal: Principal | undefined) {
    if (!PASSPORT_ID.test(id)) throw new NotFoundException('no such passport');
    const buyer = await this.sales.read(async (m) => {
      const shipment = await this.sales.book.shipmentByPassport(m, id);
      const order = shipment && (await this.sales.book.order(m, shipment.orderId));
      return order && (await this.sales.book.customer(m, order.customerId))?.organisationId;
    });
    const passport = await this.sales.passport(id, this.tierOf(principal, buyer));
    if (!passport) throw new NotFoundException('no such passport');
    return passport;
  }

  @Get('keys')
  async keys() {
    return { keys: [await this.sales.passportSigner.publicJwk()] };
  }

  @Get(':id.jws')
  @Header('content-type', 'application/jose')
  async jws(@Param('id') id: string, @CurrentPrincipal() principal: Principal | undefined): Promise<string> {
    return this.sales.passportSigner.sign(passportAsIssued(await this.passport(id, principal)));
  }

  @Get(':id.pdf')
  async pdf(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res() response: PassportResponse,
  ) {
    const bytes = await passportPdf(await this.passport(id, principal));
    response.setHeader('content-type', 'application/pdf');
    response.end(Buffer.from(bytes));
  }

  /** The shipment note goes with the goods: the buyer's organisation and authorities only. */
  @Get(':id/shipment-note.pdf')
  async shipmentNote(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res() response: PassportResponse,
  ) {
    const passport = await this.passport(id, principal);
    const note = passport.tier === 'PUBLIC' ? undefined : await this.sales.shipmentNote(id);
    if (!note) throw new NotFoundException('no such shipment note');
    response.setHeader('content-type', 'application/pdf');
    response.end(Buffer.from(await shipmentNotePdf(note)));
  }

  @Get(':id.png')
  async qr(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res() response: PassportResponse,
  ) {
    const passport = await this.passport(id, principal);
    response.setHeader('content-type', 'image/png');
    response.end(await passportQrPng(passport.uri));
  }

  @Get(':id')
  async json(@Param('id') id: string, @CurrentPrincipal() principal: Principal | undefined) {
    return this.passport(id, principal);
  }
}
