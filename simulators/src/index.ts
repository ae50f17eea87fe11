export * from './psa/psa-simulator.ts';
export * from './sim-http.ts';
export * from './books/books-simulator.ts';
export * from './portal/portal-simulator.ts';
