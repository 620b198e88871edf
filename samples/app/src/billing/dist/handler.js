"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handler = void 0;
// Charges an order queued on billing-queue, then marks it PAID in the Orders table.
const client_dynamodb_1 = require("@aws-sdk/client-dynamodb");
const logger_1 = require("@aws-lambda-powertools/logger");
const logger = new logger_1.Logger({ serviceName: 'billing' });
const ddb = new client_dynamodb_1.DynamoDBClient({});
const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'https://api.payments.example/v1/charges';
const ORDERS_TABLE = process.env.ORDERS_TABLE ?? 'Orders';
async function charge(msg) {
    // No client timeout on purpose: the function timeout (6 s) is the only limit.
    const res = await fetch(PAYMENTS_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': msg.orderId },
        body: JSON.stringify({ amount: Math.round(msg.total * 100), currency: 'EUR', reference: msg.orderId }),
    });
    if (!res.ok) {
        throw new Error(`Payment API answered ${res.status}`);
    }
    const body = (await res.json());
    return body.chargeId;
}
async function markPaid(orderId, chargeId) {
    await ddb.send(new client_dynamodb_1.UpdateItemCommand({
        TableName: ORDERS_TABLE,
        Key: { orderId: { S: orderId } },
        UpdateExpression: 'SET #s = :paid, chargeId = :c',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':paid': { S: 'PAID' }, ':c': { S: chargeId } },
    }));
}
const handler = async (event, context) => {
    logger.addContext(context);
    for (const record of event.Records) {
        const msg = JSON.parse(record.body);
        logger.info('Charging order', { orderId: msg.orderId, total: msg.total });
        const chargeId = await charge(msg);
        await markPaid(msg.orderId, chargeId);
        logger.info('Order paid', { orderId: msg.orderId, chargeId });
    }
};
exports.handler = handler;
//# sourceMappingURL=handler.js.map