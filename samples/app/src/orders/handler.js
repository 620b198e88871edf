// Orders API behind API Gateway: POST /orders creates an order, GET /orders/{orderId} reads one.
// Every request is authorised by the identity provider first; a created order is announced on SNS
// (e-mail confirmation) and queued on SQS (billing).
'use strict';

const { randomUUID } = require('node:crypto');
const { DynamoDBClient, PutItemCommand, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const { SNSClient, PublishCommand } = require('@aws-sdk/client-sns');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');

const ddb = new DynamoDBClient({});
const sns = new SNSClient({});
const sqs = new SQSClient({});

const { ORDERS_TABLE, ORDER_EVENTS_TOPIC_ARN, BILLING_QUEUE_URL, IDP_URL } = process.env;

class UnauthorizedError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UnauthorizedError';
    this.statusCode = 401;
  }
}

async function checkAuth(headers) {
  const token = (headers?.authorization ?? '').replace(/^Bearer /, '');
  const res = await fetch(`${IDP_URL}/oauth2/introspect`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
  });
  if (res.status === 401) {
    throw new UnauthorizedError('Expired token');
  }
  if (!res.ok) {
    throw new Error(`Identity provider answered ${res.status}`);
  }
  return res.json();
}

async function createOrder(body, principal) {
  const order = {
    orderId: randomUUID(),
    customerId: principal.sub,
    items: body.items,
    total: body.total,
    status: 'PENDING',
    createdAt: new Date().toISOString(),
  };
  await ddb.send(new PutItemCommand({
    TableName: ORDERS_TABLE,
    Item: toItem(order),
    ConditionExpression: 'attribute_not_exists(orderId)',
  }));
  await sns.send(new PublishCommand({
    TopicArn: ORDER_EVENTS_TOPIC_ARN,
    Message: JSON.stringify({ type: 'OrderCreated', order }),
  }));
  await sqs.send(new SendMessageCommand({
    QueueUrl: BILLING_QUEUE_URL,
    MessageBody: JSON.stringify({ orderId: order.orderId, total: order.total }),
  }));
  return order;
}

async function getOrder(orderId) {
  const { Item } = await ddb.send(new GetItemCommand({
    TableName: ORDERS_TABLE,
    Key: { orderId: { S: orderId } },
  }));
  return Item ? JSON.parse(Item.doc.S) : undefined;
}

exports.handler = async (event) => {
  const route = `${event.httpMethod} ${event.resource}`;
  console.info('Request', route);
  try {
    const principal = await checkAuth(event.headers);
    if (route === 'POST /orders') {
      const order = await createOrder(JSON.parse(event.body), principal);
      console.info(`Order ${order.orderId} created`);
      return respond(201, order);
    }
    const order = await getOrder(event.pathParameters.orderId);
    console.info(`Order ${event.pathParameters.orderId} ${order ? 'found' : 'not found'}`);
    return order ? respond(200, order) : respond(404, { message: 'Order not found' });
  } catch (err) {
    if (err instanceof UnauthorizedError) {
      console.error('Auth check failed', JSON.stringify({ errorType: err.name, errorMessage: err.message, statusCode: err.statusCode }));
      return respond(401, { message: err.message });
    }
    throw err;
  }
};

function toItem(order) {
  return {
    orderId: { S: order.orderId },
    customerId: { S: order.customerId },
    status: { S: order.status },
    doc: { S: JSON.stringify(order) },
  };
}

function respond(statusCode, body) {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}
