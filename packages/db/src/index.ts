export * from './db.ts';
export * from './migrate.ts';
export * from './page-cursor.ts';
