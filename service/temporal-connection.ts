/**
 * How the service reaches a production Temporal: namespace, mTLS client certificates, or an API key
 * (Temporal Cloud), all from the environment. One function feeds both the client connection and
 * the worker's native connection, so they can never disagree.
 */
import { readFileSync } from 'node:fs';
import type { ServiceConfig } from './config.js';

export interface TemporalConnectionOptions {
  address: string;
  tls?:
    | boolean
    | {
        serverNameOverride?: string;
        serverRootCACertificate?: Buffer;
        clientCertPair?: { crt: Buffer; key: Buffer };
      };
  apiKey?: string;
}

type TlsEnv = Pick<
  ServiceConfig,
  | 'TEMPORAL_TLS_CERT_PATH'
  | 'TEMPORAL_TLS_KEY_PATH'
  | 'TEMPORAL_TLS_CA_PATH'
  | 'TEMPORAL_TLS_SERVER_NAME'
  | 'TEMPORAL_API_KEY'
>;

export function temporalConnectionOptions(
  address: string,
  env: TlsEnv,
  read: (path: string) => Buffer = readFileSync,
): TemporalConnectionOptions {
  const { TEMPORAL_TLS_CERT_PATH: cert, TEMPORAL_TLS_KEY_PATH: key } = env;
  if ((cert === undefined) !== (key === undefined)) {
    throw new Error('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together: set both or neither.');
  }
  const tlsObject = {
    ...(cert && key ? { clientCertPair: { crt: read(cert), key: read(key) } } : {}),
    ...(env.TEMPORAL_TLS_CA_PATH ? { serverRootCACertificate: read(env.TEMPORAL_TLS_CA_PATH) } : {}),
    ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
  const tls = Object.keys(tlsObject).length > 0 ? tlsObject : env.TEMPORAL_API_KEY ? true : undefined;
  return {
    address,
    ...(tls !== undefined ? { tls } : {}),
    ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
  };
}
