/** The products that publish on the Bus; each has one topic. */
export const products = ['crm', 'psa', 'books', 'voice', 'portal', 'hub', 'm365'] as const;
export type Product = (typeof products)[number];

/** `onestack.<product>.events`, keyed by organisation id for per-tenant ordering. */
export function topicOf(product: Product): string {
  return `onestack.${product}.events`;
}

/** Where events a consumer could not parse or validate go, with the reason. */
export function dlqTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

export const allTopics = (): string[] => products.map(topicOf);
