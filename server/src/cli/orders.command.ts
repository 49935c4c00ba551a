import { resolveTenantId } from '../domains/tenancy/tenant.service';
import { DEFAULT_ORDERS_PAGE, listChannelOrders, MAX_ORDERS_PAGE, type ChannelOrderView } from '../domains/orders/channel-orders.service';
import { CliUsageError } from './cli-usage.error';
import type { Command, CommandArgs, CommandResult } from './command';
import { withDatabase } from './with-database';

const USAGE = `orders list [--channel shopify|amazon] [--limit ${DEFAULT_ORDERS_PAGE}] [--tenant <id>]`;
const CHANNELS = ['shopify', 'amazon'] as const;

export const ordersCommand: Command = {
  name: 'orders',
  usage: USAGE,
  summary: 'list the orders the sales channels brought in, newest first',
  maxPositionals: 1,
  run: (args) => {
    const [action] = args.positionals;
    if (action === 'list') return list(args);
    throw new CliUsageError(`orders needs list (got ${action ? `"${action}"` : 'nothing'}); usage: ${USAGE}`);
  },
};

function list({ config, options }: CommandArgs): Promise<CommandResult> {
  const channel = options.channel;
  if (channel !== undefined && !(CHANNELS as readonly string[]).includes(channel)) throw new CliUsageError(`--channel must be shopify or amazon (got "${channel}")`);
  const limit = options.limit === undefined ? DEFAULT_ORDERS_PAGE : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ORDERS_PAGE) throw new CliUsageError(`--limit must be a whole number from 1 to ${MAX_ORDERS_PAGE} (got "${options.limit}")`);
  return withDatabase(config, async (database) => {
    const tenantId = options.tenant ?? (await resolveTenantId(database.db));
    const page = await listChannelOrders(database.db, tenantId, { channel: channel as (typeof CHANNELS)[number] | undefined, limit });
    return {
      json: { command: 'orders list', tenantId, orders: page.orders, more: page.nextCursor !== null },
      text: page.orders.length > 0 ? page.orders.map(line).join('\n') : `no ${channel ?? 'channel'} orders yet`,
    };
  });
}

function line(order: ChannelOrderView): string {
  // For reading only: the exact minor units are in --json.
  const format = new Intl.NumberFormat('en', { style: 'currency', currency: order.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const money = (minor: number) => format.format(minor / 10 ** digits);
  return `${order.orderedAt.slice(0, 16).replace('T', ' ')}  ${order.channel.padEnd(7)}  ${order.number.padEnd(12)}  ${order.status.padEnd(24)}  ${money(order.totalMinor)} (fees ${money(order.feesMinor)})  ${order.store}`;
}
