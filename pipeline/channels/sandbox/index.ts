// The common sandbox base and the starter of every channel sandbox.
export * from './faults';
export * from './listings';
export * from './seedListings';
export * from './rng';
export * from './server';
export * from './start';
