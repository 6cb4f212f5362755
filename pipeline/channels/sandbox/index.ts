// The common sandbox base and the four-channel starter.
export * from './faults';
export * from './listings';
export * from './rng';
export * from './server';
export * from './start';
