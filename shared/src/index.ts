export * from './domain/catalog.schema';
export * from './domain/ledger';
export * from './protocol/versions';
export * from './protocol/snapshot.schema';
export * from './errors/error-codes';
export * from './errors/problem';
