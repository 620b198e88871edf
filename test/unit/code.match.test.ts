import { strict as assert } from 'assert';
import { DeclaredFunction, literalName, matchFunction, nameTemplate, runtimeFunctionName } from '../../src/core/code';

function fn(id: string, extra: Partial<DeclaredFunction> = {}): DeclaredFunction {
  return { framework: 'sam', declaredIn: '/p/template.yaml', id, ...extra };
}

describe('code: runtime function names -> declared functions', () => {
  it('normalises log groups, ARNs and qualifiers', () => {
    assert.equal(runtimeFunctionName('/aws/lambda/shop-orders-api'), 'shop-orders-api');
    assert.equal(runtimeFunctionName('arn:aws:lambda:eu-west-1:123456789012:function:shop-orders-api'), 'shop-orders-api');
    assert.equal(runtimeFunctionName('arn:aws:lambda:eu-west-1:123456789012:function:shop-orders-api:live'), 'shop-orders-api');
    assert.equal(runtimeFunctionName('shop-orders-api:$LATEST'), 'shop-orders-api');
  });

  const declared: DeclaredFunction[] = [
    fn('OrdersFunction', { name: literalName('shop-orders-api') }),
    fn('NamedFunction', { name: nameTemplate([{ unknown: 'AWS::StackName' }, { literal: '-named' }]) }),
    fn('HelloWorldFunction', { generated: { kind: 'cloudformation', idPrefix: 'HelloWorldFunction' } }),
    fn('AVeryLongLogicalIdForTruncationFunction', { generated: { kind: 'cloudformation', idPrefix: 'AVeryLongLogicalIdForTruncationFunction' } }),
    fn('OrdersHandler', { framework: 'cdk', generated: { kind: 'cdk', idPrefix: 'OrdersHandler' } }),
    fn('createOrder', { framework: 'serverless', name: nameTemplate([{ literal: 'shop-' }, { unknown: 'opt:stage' }, { literal: '-createOrder' }]) }),
  ];

  const cases: [string, string | undefined][] = [
    ['/aws/lambda/shop-orders-api', 'OrdersFunction'],
    ['my-stack-named', 'NamedFunction'],
    ['sam-app-HelloWorldFunction-k3J9aQ2xYz7B', 'HelloWorldFunction'],
    ['prod-stack-AVeryLongLogicalIdFor-1X2Y3Z4W5V6U', 'AVeryLongLogicalIdForTruncationFunction'],
    ['ShopStack-OrdersHandler4F2B9C1D-AbCdEf123456', 'OrdersHandler'],
    ['ShopStack-ApiOrdersHandlerE1A2B3C4-AbCdEf123456', 'OrdersHandler'],
    ['shop-prod-createOrder', 'createOrder'],
    ['shop-dev-createOrder', 'createOrder'],
    ['other-prod-createOrder', undefined],
    ['sam-app-SomethingElse-k3J9aQ2xYz7B', undefined],
    ['unrelated', undefined],
  ];
  for (const [name, want] of cases) {
    it(`${name} -> ${want ?? 'no match'}`, () => {
      const m = matchFunction(name, declared);
      assert.equal(m?.fn.id, want, m?.reason);
      if (m) assert.ok(m.reason.length > 0);
    });
  }

  it('an exact name beats a pattern that also fits', () => {
    const both = [fn('Pattern', { name: nameTemplate([{ unknown: 'Stage' }, { literal: '-api' }]) }), fn('Exact', { name: literalName('prod-api') })];
    assert.equal(matchFunction('prod-api', both)?.fn.id, 'Exact');
  });
});
