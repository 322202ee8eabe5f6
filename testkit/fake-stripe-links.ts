import { found, StripeFault, stripeFixture, stripeId } from './fake-stripe-objects.js';

type Json = Record<string, unknown>;

const now = () => Math.floor(Date.now() / 1000);

/** Prices, products and Payment Links for the fake Stripe (fixture shapes), plus what a
 * buyer paying a link produces: a completed Checkout Session naming the link, counted
 * against the link's `restrictions.completed_sessions` like Stripe does. */
export class FakePaymentLinks {
  readonly prices = new Map<string, Json>();
  readonly products = new Map<string, Json>();
  readonly links = new Map<string, Json>();
  /** link id -> its one line item (Stripe only shows line items on request) */
  private readonly lineItems = new Map<string, { price: string; quantity: number }>();

  /** POST /v1/prices, one-time, with `product` or inline `product_data`. */
  createPrice(params: Json): Json {
    const currency = requireString(params, 'currency');
    const unitAmount = Number(requireString(params, 'unit_amount'));
    if (!Number.isInteger(unitAmount) || unitAmount < 0) {
      throw invalid('Invalid non-negative integer', 'parameter_invalid_integer');
    }
    let productId = typeof params.product === 'string' ? params.product : undefined;
    const productData = params.product_data as Json | undefined;
    if (!productId && productData) productId = this.createProduct(productData);
    if (!productId) throw invalid('Missing required param: product.');
    found(this.products.get(productId), 'product', productId);
    const price = {
      ...stripeFixture('price'),
      id: stripeId('price'),
      created: now(),
      currency,
      custom_unit_amount: null,
      metadata: (params.metadata as Json | undefined) ?? {},
      product: productId,
      recurring: null,
      transform_quantity: null,
      type: 'one_time',
      unit_amount: unitAmount,
      unit_amount_decimal: String(unitAmount),
    };
    this.prices.set(price.id, price);
    return price;
  }

  private createProduct(data: Json): string {
    const name = requireString(data, 'name', 'product_data[name]');
    const product = {
      ...stripeFixture('product'),
      id: stripeId('prod'),
      created: now(),
      updated: now(),
      default_price: null,
      description: null,
      metadata: (data.metadata as Json | undefined) ?? {},
      name,
      package_dimensions: null,
      shippable: null,
      type: 'service',
    };
    this.products.set(product.id, product);
    return product.id;
  }

  /** POST /v1/payment_links with one line item. */
  createLink(params: Json, baseUrl: string): Json {
    const items = Array.isArray(params.line_items) ? (params.line_items as Json[]) : [];
    const item = items[0];
    if (!item) throw invalid('Missing required param: line_items.');
    const priceId = requireString(item, 'price', 'line_items[0][price]');
    const price = this.prices.get(priceId);
    if (!price) throw invalid(`No such price: '${priceId}'`, 'resource_missing');
    const quantity = Number(item.quantity ?? 1);
    const limit = (params.restrictions as Json | undefined)?.completed_sessions as Json | undefined;
    const fixture = stripeFixture('payment_link');
    const id = stripeId('plink');
    const link = {
      ...fixture,
      id,
      active: true,
      currency: price.currency,
      metadata: (params.metadata as Json | undefined) ?? {},
      payment_intent_data: {
        ...(fixture.payment_intent_data as Json),
        metadata: ((params.payment_intent_data as Json | undefined)?.metadata as Json) ?? {},
      },
      restrictions: limit ? { completed_sessions: { count: 0, limit: Number(limit.limit) } } : null,
      shipping_address_collection: null,
      transfer_data: null,
      url: `${baseUrl}/pay/${id}`,
    };
    this.links.set(id, link);
    this.lineItems.set(id, { price: priceId, quantity });
    return link;
  }

  /** POST /v1/payment_links/:id: `active` and `metadata` are what Ticketops changes. */
  updateLink(id: string, params: Json): Json {
    const link = found(this.links.get(id), 'payment_link', id);
    if (params.active !== undefined) link.active = params.active === 'true';
    if (params.metadata)
      link.metadata = { ...(link.metadata as Json), ...(params.metadata as Json) };
    return link;
  }

  /** What paying the link charges, and the metadata its payment intent gets. */
  checkoutOf(linkId: string): { amount: number; currency: string; paymentIntentMetadata: Json } {
    const link = found(this.links.get(linkId), 'payment_link', linkId);
    const item = this.lineItems.get(linkId)!;
    const price = this.prices.get(item.price)!;
    return {
      amount: (price.unit_amount as number) * item.quantity,
      currency: price.currency as string,
      paymentIntentMetadata: (link.payment_intent_data as Json).metadata as Json,
    };
  }

  /** The Checkout Session Stripe reports when a buyer pays the link: completed and paid, for
   * the link's price times quantity, naming the link. Refused once the link is inactive (the
   * payment page would not open). The link's metadata is not copied to the session; Stripe
   * copies `payment_intent_data.metadata` to the payment intent only. */
  completeSession(linkId: string, paymentIntentId: string): Json {
    const link = found(this.links.get(linkId), 'payment_link', linkId);
    if (!link.active) throw new Error(`fake Stripe: payment link ${linkId} is inactive`);
    const { amount, currency } = this.checkoutOf(linkId);
    const restrictions = link.restrictions as { completed_sessions: Json } | null;
    if (restrictions) {
      const sessions = restrictions.completed_sessions;
      sessions.count = (sessions.count as number) + 1;
      // Stripe switches the link off once the limit of completed sessions is reached.
      if ((sessions.count as number) >= (sessions.limit as number)) link.active = false;
    }
    const fixture = stripeFixture('checkout.session');
    return {
      ...fixture,
      id: stripeId('cs_test'),
      amount_subtotal: amount,
      amount_total: amount,
      created: now(),
      currency,
      currency_conversion: null,
      customer_details: { ...(fixture.customer_details as Json), email: 'buyer@example.com' },
      metadata: {},
      mode: 'payment',
      payment_intent: paymentIntentId,
      payment_link: linkId,
      payment_status: 'paid',
      shipping_cost: null,
      status: 'complete',
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      url: null,
    };
  }
}

function requireString(params: Json, key: string, name = key): string {
  const value = params[key];
  if (typeof value !== 'string' || value === '') {
    throw invalid(`Missing required param: ${name}.`);
  }
  return value;
}

function invalid(message: string, code = 'parameter_missing'): StripeFault {
  return new StripeFault(400, 'invalid_request_error', message, code);
}
