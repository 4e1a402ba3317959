/**
 * The control plane the benchmark and the chaos run load (config as code): a company without a
 * practical rate limit, a Cloud channel on the mock and one slot whose template uses every
 * parameter kind. One definition, so both tools measure the same pipeline.
 */
export const BENCH_WEBHOOK = '1::0123456789abcdef0123456789abcdef';

export interface LoadConfigNames {
  /** Prefix of the channel (`wa-…`), agent (`…-bot`) and slot ids. */
  name: string;
  webhook: string;
  /** The environment variable the service reads the channel's API key from. */
  apiKeyEnv: string;
}

/** The config file for a tool's run, the channel pointing at the mock at `mockUrl`. */
export function loadConfig(mockUrl: string, names: LoadConfigNames): string {
  const { name, webhook, apiKeyEnv } = names;
  const title = name.charAt(0).toUpperCase() + name.slice(1);
  return `
companies:
  - { id: 1, rate_limit_per_second: 100000 }
channels:
  - { id: wa-${name}, company: 1, kind: 360dialog-cloud, base_url: '${mockUrl}', api_key_env: ${apiKeyEnv}, register_callbacks: true }
agents:
  - id: ${name}-bot
    company: 1
    train: true
    slots:
      - id: ${name}
        name: ${title}
        destination_channel: wa-${name}
        webhook: ${webhook}
        parse_request_body:
          - { context_key: order, request_key: order_id }
        destination:
          template_name: order_shipped
          namespace: b2f1c0de_1111_2222_3333_444455556666
          language_code: en
          template_parameters:
            - { type: image, value: 'https://cdn.example.com/{{ order }}.jpg' }
            - { type: body, value: friend }
            - { type: body, value: '{{ order }}' }
            - { type: button_url, value: '{{ order }}' }
`;
}

/** The benchmark's config (`wa-bench`, key from BENCH_D360_KEY). */
export function benchConfig(mockUrl: string): string {
  return loadConfig(mockUrl, { name: 'bench', webhook: BENCH_WEBHOOK, apiKeyEnv: 'BENCH_D360_KEY' });
}
