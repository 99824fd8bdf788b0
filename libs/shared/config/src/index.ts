export * from './config-error';
export * from './config-readers';
export * from './load-config';
export * from './quantity-rules';
