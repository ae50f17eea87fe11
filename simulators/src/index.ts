export * from './psa/psa-simulator.ts';
