// Charges an order queued on billing-queue, then marks it PAID in the Orders table.
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSEvent } from 'aws-lambda';

const logger = new Logger({ serviceName: 'billing' });
const ddb = new DynamoDBClient({});

const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'https://api.payments.example/v1/charges';
const ORDERS_TABLE = process.env.ORDERS_TABLE ?? 'Orders';

interface BillingMessage {
  orderId: string;
  total: number;
}

interface ChargeResponse {
  chargeId: string;
}

async function charge(msg: BillingMessage): Promise<string> {
  // No client timeout on purpose: the function timeout (6 s) is the only limit.
  const res = await fetch(PAYMENTS_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': msg.orderId },
    body: JSON.stringify({ amount: Math.round(msg.total * 100), currency: 'EUR', reference: msg.orderId }),
  });
  if (!res.ok) {
    throw new Error(`Payment API answered ${res.status}`);
  }
  const body = (await res.json()) as ChargeResponse;
  return body.chargeId;
}

async function markPaid(orderId: string, chargeId: string): Promise<void> {
  await ddb.send(new UpdateItemCommand({
    TableName: ORDERS_TABLE,
    Key: { orderId: { S: orderId } },
    UpdateExpression: 'SET #s = :paid, chargeId = :c',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':paid': { S: 'PAID' }, ':c': { S: chargeId } },
  }));
}

export const handler = async (event: SQSEvent, context: Context): Promise<void> => {
  logger.addContext(context);
  for (const record of event.Records) {
    const msg = JSON.parse(record.body) as BillingMessage;
    logger.info('Charging order', { orderId: msg.orderId, total: msg.total });
    const chargeId = await charge(msg);
    await markPaid(msg.orderId, chargeId);
    logger.info('Order paid', { orderId: msg.orderId, chargeId });
  }
};
