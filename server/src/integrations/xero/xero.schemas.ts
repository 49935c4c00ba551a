import { z } from 'zod';
import { parseXeroDate } from './xero-dates';

// The parts of Xero's answers we read, checked before anything reaches the database. Unknown
// fields are dropped; a missing or mistyped field we need makes the answer a `bad_payload`.

/** A Xero `/Date(…)/` (or ISO) date, read into a Date. */
export const xeroDate = z.string().transform((value, ctx) => {
  const date = parseXeroDate(value);
  if (!date) ctx.addIssue({ code: 'custom', message: `not a Xero date: ${value.slice(0, 40)}` });
  return date ?? new Date(0);
});

const id = z.string().min(1).max(100);
const money = z.number().finite();
const allocation = z.object({ AppliedAmount: money.optional() });

export const xeroContactRefSchema = z.object({ ContactID: id, Name: z.string().max(500).optional() });

const paymentTerm = z.object({ Day: z.number().int().min(0).max(366), Type: z.string() });

export const xeroContactSchema = z.object({
  ContactID: id,
  Name: z.string().max(500),
  ContactStatus: z.string().optional(),
  IsCustomer: z.boolean().optional(),
  IsSupplier: z.boolean().optional(),
  DefaultCurrency: z.string().length(3).optional(),
  PaymentTerms: z.object({ Bills: paymentTerm.optional(), Sales: paymentTerm.optional() }).optional(),
  UpdatedDateUTC: xeroDate,
});
export type XeroContact = z.infer<typeof xeroContactSchema>;
export type XeroPaymentTerm = z.infer<typeof paymentTerm>;

export const xeroInvoiceSchema = z.object({
  InvoiceID: id,
  Type: z.string(),
  InvoiceNumber: z.string().max(255).optional(),
  Reference: z.string().max(255).optional(),
  Contact: xeroContactRefSchema,
  Date: xeroDate.optional(),
  DueDate: xeroDate.optional(),
  Status: z.string(),
  CurrencyCode: z.string().length(3),
  Total: money,
  AmountDue: money,
  AmountPaid: money,
  AmountCredited: money.optional(),
  FullyPaidOnDate: xeroDate.optional(),
  CreditNotes: z.array(allocation).optional(),
  Prepayments: z.array(allocation).optional(),
  Overpayments: z.array(allocation).optional(),
  UpdatedDateUTC: xeroDate,
});
export type XeroInvoice = z.infer<typeof xeroInvoiceSchema>;

export const xeroPaymentSchema = z.object({
  PaymentID: id,
  Date: xeroDate,
  Amount: money,
  Status: z.string(),
  PaymentType: z.string().optional(),
  Invoice: z.object({ InvoiceID: id }).optional(),
  UpdatedDateUTC: xeroDate,
});
export type XeroPayment = z.infer<typeof xeroPaymentSchema>;

export const xeroPaginationSchema = z.object({
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  pageCount: z.number().int().min(0),
  itemCount: z.number().int().min(0),
});

/** What `GET /connections` lists: every organisation (or practice) the grant reaches. */
export const xeroConnectionsSchema = z.array(z.object({
  id: z.string(),
  tenantId: id,
  tenantType: z.string(),
  tenantName: z.string().max(500).nullable().optional(),
}));
export type XeroConnection = z.infer<typeof xeroConnectionsSchema>[number];

/** The identity server's token answer; a refresh always carries the next refresh token. */
export const xeroTokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string(),
  refresh_token: z.string().min(1),
  scope: z.string().optional(),
});
export type XeroTokens = z.infer<typeof xeroTokenSchema>;
