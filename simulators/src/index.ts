export * from './psa/psa-simulator.ts';
export * from './sim-http.ts';
