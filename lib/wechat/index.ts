export * from './errors';
export * from './signature';
export * from './crypto';
export * from './xml';
export * from './messages';
export * from './reply';
export * from './inbound';
export * from './compose';
