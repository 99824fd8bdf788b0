import { gatewayErrorFormatter } from './gateway-error-formatter';

describe('the gateway error formatter', () => {
  const fallback = jest.fn(() => ({
    message: 'Internal server error',
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  }));
  const format = gatewayErrorFormatter(fallback);

  it('passes a subgraph error as the subgraph formatted it, without the subgraph name', () => {
    const formatted = {
      message: 'declaredMass: got -5 KGM, must be positive',
      path: ['registerLot'],
      extensions: { code: 'INVALID_MASS', field: 'declaredMass', value: '-5 KGM', serviceName: 'intake' },
    };
    expect(format(formatted, new Error('x'))).toEqual({
      message: 'declaredMass: got -5 KGM, must be positive',
      path: ['registerLot'],
      extensions: { code: 'INVALID_MASS', field: 'declaredMass', value: '-5 KGM' },
    });
    expect(fallback).not.toHaveBeenCalled();
  });

  it("formats the gateway's own errors with the fallback", () => {
    const formatted = {
      message: 'connect ECONNREFUSED 10.0.0.7:3001',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
    expect(format(formatted, new Error('x'))).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});
