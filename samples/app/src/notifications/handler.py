"""Sends the order confirmation e-mail for every OrderCreated event published on the order-events topic."""
import json
import logging
import os

import urllib3

logger = logging.getLogger()
logger.setLevel(logging.INFO)

MAIL_API_URL = os.environ.get("MAIL_API_URL", "https://api.mailprovider.example/v3/mail/send")
MAIL_FROM = os.environ.get("MAIL_FROM", "orders@shop.example")

# Short timeouts: SNS retries the delivery if we fail, a hung mail API must not eat the whole invocation.
http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=1.0, read=3.0), retries=False)


class EmailDeliveryError(Exception):
    """The mail provider did not accept the message."""


def send_email(order: dict) -> int:
    payload = {
        "from": MAIL_FROM,
        "to": order["customerEmail"] if "customerEmail" in order else f"{order['customerId']}@customers.example",
        "template": "order-confirmation",
        "data": {"orderId": order["orderId"], "total": order["total"]},
    }
    resp = http.request("POST", MAIL_API_URL, body=json.dumps(payload), headers={"content-type": "application/json"})
    if resp.status >= 500:
        raise EmailDeliveryError(f"mail API answered {resp.status}")
    return resp.status


def handler(event, context):
    for record in event["Records"]:
        message = json.loads(record["Sns"]["Message"])
        order = message["order"]
        logger.info("Sending confirmation for order %s", order["orderId"])
        send_email(order)
        logger.info("Confirmation sent for order %s", order["orderId"])
    return {"sent": len(event["Records"])}
