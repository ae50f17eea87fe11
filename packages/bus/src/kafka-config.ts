import type { EnvReader } from '@onegraph/config';

/** How a client logs in to the brokers (SASL over the connection, TLS or not). */
export type KafkaSasl = { mechanism: 'scram-sha-512'; username: string; password: string } | { mechanism: 'scram-sha-256'; username: string; password: string };

/** What every deployable reads to reach Kafka. */
export interface KafkaConfig {
  /** `KAFKA_BROKERS`: bootstrap servers; none means the in-process Bus. */
  brokers: string[] | undefined;
  /** `KAFKA_SASL_MECHANISM`, `KAFKA_SASL_USERNAME`, `KAFKA_SASL_PASSWORD`: the service's principal; none means no authentication. */
  sasl: KafkaSasl | undefined;
  /** `KAFKA_SSL`: TLS to the brokers (the system's CAs). Default false. */
  ssl: boolean;
}

const mechanisms: readonly KafkaSasl['mechanism'][] = ['scram-sha-512', 'scram-sha-256'];

/** Reads the Kafka settings, reporting a SASL mechanism without its username and password (or the reverse) with the other problems. */
export function readKafkaConfig(r: EnvReader): KafkaConfig {
  const brokers = r.list('KAFKA_BROKERS');
  const ssl = r.bool('KAFKA_SSL', false);
  const mechanism = r.string('KAFKA_SASL_MECHANISM');
  const username = r.string('KAFKA_SASL_USERNAME');
  const password = r.string('KAFKA_SASL_PASSWORD');
  if (mechanism === undefined) {
    if (username !== undefined || password !== undefined)
      r.problems.push('KAFKA_SASL_MECHANISM: expected scram-sha-512 with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD, got nothing');
    return { brokers, sasl: undefined, ssl };
  }
  const known = mechanisms.find((m) => m === mechanism.toLowerCase());
  if (!known) r.problems.push(`KAFKA_SASL_MECHANISM: expected one of ${mechanisms.join(', ')}, got "${mechanism}"`);
  const user = r.required('KAFKA_SASL_USERNAME', `the service's Kafka principal (with KAFKA_SASL_MECHANISM=${mechanism})`);
  const secret = r.required('KAFKA_SASL_PASSWORD', `its password (with KAFKA_SASL_MECHANISM=${mechanism})`);
  const sasl: KafkaSasl | undefined =
    known === 'scram-sha-512'
      ? { mechanism: known, username: user, password: secret }
      : known === 'scram-sha-256'
        ? { mechanism: known, username: user, password: secret }
        : undefined;
  return { brokers, sasl, ssl };
}
