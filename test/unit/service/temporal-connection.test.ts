import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../service/config.js';
import { temporalConnectionOptions } from '../../../service/temporal-connection.js';

const files: Record<string, string> = {
  '/certs/client.pem': 'CERT',
  '/certs/client.key': 'KEY',
  '/certs/ca.pem': 'CA',
};
const read = (path: string) => Buffer.from(files[path] ?? 'missing');

describe('Temporal connection for production', () => {
  it('connects in plain text by default', () => {
    expect(temporalConnectionOptions('temporal:7233', loadConfig({}), read)).toEqual({
      address: 'temporal:7233',
    });
  });

  it('uses client certificates, a CA and a server name from the environment (mTLS)', () => {
    const config = loadConfig({
      TEMPORAL_TLS_CERT_PATH: '/certs/client.pem',
      TEMPORAL_TLS_KEY_PATH: '/certs/client.key',
      TEMPORAL_TLS_CA_PATH: '/certs/ca.pem',
      TEMPORAL_TLS_SERVER_NAME: 'ns.tmprl.cloud',
    });
    expect(temporalConnectionOptions('ns.tmprl.cloud:7233', config, read)).toEqual({
      address: 'ns.tmprl.cloud:7233',
      tls: {
        clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
        serverRootCACertificate: Buffer.from('CA'),
        serverNameOverride: 'ns.tmprl.cloud',
      },
    });
  });

  it('turns TLS on for a Temporal Cloud API key', () => {
    const options = temporalConnectionOptions(
      'eu.aws.api.temporal.io:7233',
      loadConfig({ TEMPORAL_API_KEY: 'tcld-key' }),
      read,
    );
    expect(options).toEqual({ address: 'eu.aws.api.temporal.io:7233', tls: true, apiKey: 'tcld-key' });
  });

  it('refuses a certificate without its key', () => {
    expect(() =>
      temporalConnectionOptions('t:7233', loadConfig({ TEMPORAL_TLS_CERT_PATH: '/certs/client.pem' }), read),
    ).toThrow('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together: set both or neither.');
  });
});
