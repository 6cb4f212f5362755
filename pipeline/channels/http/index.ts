// The shared channel HTTP layer: client, limiters, back-off, clock, redaction.
export * from './backoff';
export * from './client';
export * from './clock';
export * from './costBucket';
export * from './redact';
export * from './tokenBucket';
export * from './concurrency';
export * from './sharedLimiter';
